package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * A voice agent with a standby: calls go to the primary (the Deepgram Voice Agent) while it works, and to the standby
 * (the cascaded agent) when it can't be reached, never becomes ready, or fails — at a call's start, and in the middle
 * of a call, whose bridge then reconnects with the conversation replayed and lands on the standby. After a number of
 * primary failures in a row the primary rests: new calls go straight to the standby, without waiting for a primary
 * that is not coming, until a probe finds it working again.
 */
public final class AgentFailover implements VoiceAgent {

    private static final System.Logger LOG = System.getLogger(AgentFailover.class.getName());
    /** Calls remembered as having lost the primary; the oldest are forgotten (their calls are long over). */
    private static final int REMEMBERED_CALLS = 10_000;

    /** How one call has fared with the primary. */
    private static final class Attempt {
        volatile boolean ready;
        volatile boolean lost;
    }

    private final VoiceAgent primary;
    private final VoiceAgent standby;
    private final int failuresToRest;
    private final Duration probeInterval;
    private final Duration probePatience;
    private final CallMetrics metrics;
    private final Map<String, Attempt> calls = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempt> eldest) {
            return size() > REMEMBERED_CALLS;
        }
    });
    private final AtomicBoolean probing = new AtomicBoolean();
    private int failuresInARow;
    private long restingSinceNanos = -1;
    private long lastProbeNanos;
    private int probes;

    /**
     * @param failuresToRest primary failures in a row after which new calls skip it
     * @param probeInterval  how often a resting primary is tried
     * @param probePatience  how long a probe waits for the primary to be ready
     */
    public AgentFailover(VoiceAgent primary, VoiceAgent standby, int failuresToRest, Duration probeInterval,
                         Duration probePatience, CallMetrics metrics) {
        this.primary = Objects.requireNonNull(primary, "'primary' must not be null");
        this.standby = Objects.requireNonNull(standby, "'standby' must not be null");
        this.probeInterval = Objects.requireNonNull(probeInterval, "'probeInterval' must not be null");
        this.probePatience = Objects.requireNonNull(probePatience, "'probePatience' must not be null");
        this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
        if (failuresToRest < 1) {
            throw new IllegalArgumentException("failuresToRest must be at least 1: " + failuresToRest);
        }
        this.failuresToRest = failuresToRest;
    }

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        Attempt before = calls.get(call.callSid());
        boolean midCall = before != null;
        if (before != null && !before.ready && !before.lost) {
            // The bridge gave up waiting for the primary to get ready and asks again: that was a failure too.
            before.lost = true;
            primaryFailed();
        }
        if (before != null && before.lost) {
            return toStandby(call, briefing, listener, "the primary agent was lost on this call", true);
        }
        if (resting()) {
            probeIfDue();
            return toStandby(call, briefing, listener, "the primary agent is resting after failures", midCall);
        }
        var attempt = new Attempt();
        calls.put(call.callSid(), attempt);
        try {
            return primary.connect(call, briefing, event -> watch(call, attempt, event, listener));
        } catch (AgentUnavailableException | RuntimeException e) {
            attempt.lost = true;
            primaryFailed();
            return toStandby(call, briefing, listener, "the primary agent is unavailable: " + e.getMessage(),
                    midCall);
        }
    }

    @Override
    public Optional<String> notSetUpBecause() {
        Optional<String> primaryReason = primary.notSetUpBecause();
        Optional<String> standbyReason = standby.notSetUpBecause();
        if (primaryReason.isEmpty() || standbyReason.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(primaryReason.get() + "; and the standby: " + standbyReason.get());
    }

    /** Whether new calls skip the primary for now. */
    public synchronized boolean primaryResting() {
        return restingSinceNanos >= 0;
    }

    private void watch(CallContext call, Attempt attempt, AgentEvent event, AgentListener listener) {
        switch (event) {
            case AgentEvent.Ready ready -> {
                attempt.ready = true;
                primaryWorks();
                listener.onEvent(event);
            }
            case AgentEvent.Failed failed -> {
                // Ended by the bridge on the primary, it goes on on the standby: told as a lost link, it reconnects.
                LOG.log(Level.WARNING, "[{0}] primary agent failed ({1}); the call goes on on the standby",
                        call.callSid(), failed.code());
                attempt.lost = true;
                primaryFailed();
                listener.onEvent(new AgentEvent.Disconnected("primary agent error " + failed.code()));
            }
            case AgentEvent.Disconnected gone -> {
                if (!attempt.ready) {
                    attempt.lost = true;
                    primaryFailed();
                }
                listener.onEvent(event);
            }
            default -> listener.onEvent(event);
        }
    }

    private AgentSession toStandby(CallContext call, AgentBriefing briefing, AgentListener listener, String why,
                                   boolean midCall) throws AgentUnavailableException {
        LOG.log(Level.WARNING, "[{0}] {1}; {2} on the standby agent", call.callSid(), why,
                midCall ? "the call goes on, conversation replayed," : "the call starts");
        metrics.agentFailedOver(midCall);
        Attempt attempt = calls.computeIfAbsent(call.callSid(), sid -> new Attempt());
        attempt.lost = true;
        return standby.connect(call, briefing, listener);
    }

    private synchronized boolean resting() {
        return restingSinceNanos >= 0;
    }

    private void primaryFailed() {
        boolean rests;
        int inARow;
        synchronized (this) {
            failuresInARow++;
            inARow = failuresInARow;
            rests = restingSinceNanos < 0 && failuresInARow >= failuresToRest;
            if (rests) {
                restingSinceNanos = System.nanoTime();
                lastProbeNanos = restingSinceNanos;
            }
        }
        if (rests) {
            LOG.log(Level.ERROR, "primary voice agent failed {0} times in a row: new calls go to the standby agent, "
                    + "and a probe tries the primary every {1} s", inARow, probeInterval.toSeconds());
        }
    }

    private void primaryWorks() {
        long since;
        synchronized (this) {
            failuresInARow = 0;
            since = restingSinceNanos;
            restingSinceNanos = -1;
        }
        if (since >= 0) {
            LOG.log(Level.WARNING, "primary voice agent works again after {0} s; new calls go to it",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since));
        }
    }

    private void probeIfDue() {
        synchronized (this) {
            if (System.nanoTime() - lastProbeNanos < probeInterval.toNanos()) {
                return;
            }
            lastProbeNanos = System.nanoTime();
        }
        if (probing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("agent-failover-probe").start(this::probe);
        }
    }

    /** Opens one primary conversation no caller hears, waits for it to be ready, and closes it. */
    private void probe() {
        String sid;
        synchronized (this) {
            sid = "failover-probe-" + ++probes;
        }
        var ready = new CountDownLatch(1);
        try {
            AgentSession session = primary.connect(new CallContext(sid, sid, "", ""),
                    new AgentBriefing("Say nothing.", "", List.of(), List.of()), event -> {
                        if (event instanceof AgentEvent.Ready) {
                            ready.countDown();
                        }
                    });
            try {
                if (ready.await(probePatience.toMillis(), TimeUnit.MILLISECONDS)) {
                    primaryWorks();
                } else {
                    LOG.log(Level.DEBUG, "primary agent probe: not ready in time");
                }
            } finally {
                session.close();
            }
        } catch (AgentUnavailableException | RuntimeException e) {
            LOG.log(Level.DEBUG, "primary agent probe failed: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probing.set(false);
        }
    }
}
