package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * A voice agent with a standby: calls go to the primary (the Deepgram Voice Agent) while it works, and to the standby
 * (the cascaded agent) when it can't be reached, is not ready in time, or fails — at a call's start, and in the middle
 * of a call, whose bridge then reconnects with the conversation replayed and lands on the standby. A primary that
 * connects but is not ready within the patience is swapped for the standby inside the same session. After a number of
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
    private final Duration readyPatience;
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
     * @param readyPatience  how long the primary may take to be ready, from the call's connect (and a probe's)
     */
    public AgentFailover(VoiceAgent primary, VoiceAgent standby, int failuresToRest, Duration probeInterval,
                         Duration readyPatience, CallMetrics metrics) {
        this.primary = Objects.requireNonNull(primary, "'primary' must not be null");
        this.standby = Objects.requireNonNull(standby, "'standby' must not be null");
        this.probeInterval = Objects.requireNonNull(probeInterval, "'probeInterval' must not be null");
        this.readyPatience = Objects.requireNonNull(readyPatience, "'readyPatience' must not be null");
        this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
        if (failuresToRest < 1) {
            throw new IllegalArgumentException("failuresToRest must be at least 1: " + failuresToRest);
        }
        this.failuresToRest = failuresToRest;
    }

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        long started = System.nanoTime();
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
        var line = new SwitchableSession();
        try {
            line.current = primary.connect(call, briefing, event -> watch(call, attempt, event, listener));
        } catch (AgentUnavailableException | RuntimeException e) {
            attempt.lost = true;
            primaryFailed();
            return toStandby(call, briefing, listener, "the primary agent is unavailable: " + e.getMessage(),
                    midCall);
        }
        long left = readyPatience.toNanos() - (System.nanoTime() - started);
        CompletableFuture.delayedExecutor(Math.max(0, left), TimeUnit.NANOSECONDS,
                        task -> Thread.ofVirtual().name("agent-failover").start(task))
                .execute(() -> switchIfNotReady(call, briefing, listener, attempt, line, midCall));
        return line;
    }

    /**
     * A primary that has not become ready within the patience is given up on for this call, in time for the standby
     * to be ready before the bridge's own start timeout sends the caller to the fallback.
     */
    private void switchIfNotReady(CallContext call, AgentBriefing briefing, AgentListener listener, Attempt attempt,
                                  SwitchableSession line, boolean midCall) {
        synchronized (attempt) {
            if (attempt.ready || attempt.lost || line.closed) {
                return;
            }
            attempt.lost = true;
        }
        primaryFailed();
        AgentSession slow = line.current;
        // The standby's events wait until the bridge's session leads to it: a Ready passed on earlier would have the
        // bridge send the held caller audio to the primary being given up.
        var gate = new Gate(listener);
        try {
            line.switchTo(toStandby(call, briefing, gate, "the primary agent was not ready within "
                    + readyPatience.toMillis() + " ms", midCall));
        } catch (AgentUnavailableException | RuntimeException e) {
            gate.open();
            listener.onEvent(new AgentEvent.Disconnected("the standby agent is unavailable too: " + e.getMessage()));
        } finally {
            slow.close();
        }
        gate.open();
    }

    /** Holds events back until opened, then passes on what it held, in order, and everything after. */
    private static final class Gate implements AgentListener {
        private final AgentListener target;
        private final List<AgentEvent> held = new ArrayList<>();
        private boolean open;

        Gate(AgentListener target) {
            this.target = target;
        }

        @Override
        public void onEvent(AgentEvent event) {
            synchronized (this) {
                if (!open) {
                    held.add(event);
                    return;
                }
            }
            target.onEvent(event);
        }

        void open() {
            while (true) {
                List<AgentEvent> batch;
                synchronized (this) {
                    if (held.isEmpty()) {
                        open = true;
                        return;
                    }
                    batch = new ArrayList<>(held);
                    held.clear();
                }
                batch.forEach(target::onEvent);
            }
        }
    }

    /** The session the bridge holds: the primary's, until it is swapped for the standby's. */
    private static final class SwitchableSession implements AgentSession {
        volatile AgentSession current;
        volatile boolean closed;

        void switchTo(AgentSession standby) {
            current = standby;
            if (closed) {
                standby.close();
            }
        }

        @Override
        public void sendAudio(byte[] mulaw) {
            current.sendAudio(mulaw);
        }

        @Override
        public void sendCallerText(String text) {
            current.sendCallerText(text);
        }

        @Override
        public void sendAgentText(String text) {
            current.sendAgentText(text);
        }

        @Override
        public void answer(ToolCall call, ToolResult result) {
            current.answer(call, result);
        }

        @Override
        public void close() {
            closed = true;
            current.close();
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
        if (attempt.lost && !attempt.ready) {
            return; // given up on: the standby speaks for this call now
        }
        switch (event) {
            case AgentEvent.Ready ready -> {
                synchronized (attempt) {
                    if (attempt.lost) {
                        return;
                    }
                    attempt.ready = true;
                }
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
                if (ready.await(readyPatience.toMillis(), TimeUnit.MILLISECONDS)) {
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
