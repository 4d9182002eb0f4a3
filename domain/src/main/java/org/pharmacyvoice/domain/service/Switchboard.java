package org.pharmacyvoice.domain.service;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.model.AgentBriefing;
import org.pharmacyvoice.domain.model.CallContext;
import org.pharmacyvoice.domain.model.CallEndReason;
import org.pharmacyvoice.domain.port.in.CallSession;
import org.pharmacyvoice.domain.port.in.PhoneCalls;
import org.pharmacyvoice.domain.port.out.CallMetrics;
import org.pharmacyvoice.domain.port.out.CallRecords;
import org.pharmacyvoice.domain.port.out.CallerLine;
import org.pharmacyvoice.domain.port.out.VoiceAgent;

/**
 * Answers calls: gives each one its own {@link CallBridge}, keeps track of the calls in progress, refuses calls
 * beyond the limit or while draining, ends calls whose phone line went silent, and ends them all on shutdown.
 * Agent connections and tool runs happen on its virtual-thread workers, never on a socket's reader thread.
 */
public final class Switchboard implements PhoneCalls, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Switchboard.class.getName());

    private final VoiceAgent agent;
    private final Toolbox toolbox;
    private final CallScript script;
    private final CallRecords records;
    private final CallMetrics metrics;
    private final BridgeSettings settings;
    private final Clock clock;
    private final ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-worker-", 0).factory());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("call-watchdog").daemon().factory());
    private final Map<String, CallBridge> active = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, CallRecords records,
                       CallMetrics metrics, BridgeSettings settings, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "'agent' must not be null");
        this.toolbox = Objects.requireNonNull(toolbox, "'toolbox' must not be null");
        this.script = Objects.requireNonNull(script, "'script' must not be null");
        this.records = Objects.requireNonNull(records, "'records' must not be null");
        this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
        long period = Math.max(50, Math.min(1000, settings.callerSilenceTimeout().toMillis() / 4));
        watchdog.scheduleAtFixedRate(this::endSilentCalls, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public CallSession answer(CallContext call, CallerLine line) {
        if (!hasCapacity()) {
            LOG.log(Level.WARNING, "[{0}] stream refused: {1}", call.callSid(),
                    draining ? "draining for shutdown" : "at the limit of " + settings.maxConcurrentCalls() + " calls");
            line.hangUp(CallEndReason.SERVER_BUSY);
            return new EndedCall();
        }
        var briefing = new AgentBriefing(script.prompt(), script.greeting(), toolbox.specs(), List.of());
        var bridge = new CallBridge(call, line, agent, briefing, toolbox, records, metrics, workers, settings, clock,
                ended -> active.remove(ended.call().streamSid(), ended));
        if (active.putIfAbsent(call.streamSid(), bridge) != null) {
            LOG.log(Level.WARNING, "[{0}] stream {1} is already connected; refusing the second one",
                    call.callSid(), call.streamSid());
            line.hangUp(CallEndReason.PROTOCOL_ERROR);
            return new EndedCall();
        }
        bridge.start();
        return bridge;
    }

    @Override
    public boolean hasCapacity() {
        return !draining && active.size() < settings.maxConcurrentCalls();
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds) {
        LOG.log(Level.INFO, "[{0}] phone network reports the call {1}", callSid, status);
        records.statusReported(callSid, status, durationSeconds, clock.instant());
    }

    /** Calls in progress right now. */
    public int activeCalls() {
        return active.size();
    }

    /** The tools every call can use. */
    public Toolbox toolbox() {
        return toolbox;
    }

    /**
     * Stops taking calls and waits up to {@code timeout} for the calls in progress to end by themselves;
     * returns how many were still going (they are ended by {@link #close()}).
     */
    public int drain(Duration timeout) {
        draining = true;
        LOG.log(Level.INFO, "draining: no new calls; waiting up to {0} s for {1} calls in progress",
                timeout.toSeconds(), active.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return active.size();
    }

    /** Ends every call in progress and stops the workers. */
    @Override
    public void close() {
        draining = true;
        watchdog.shutdownNow();
        active.values().forEach(bridge -> bridge.end(CallEndReason.SERVER_SHUTDOWN));
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void endSilentCalls() {
        long now = System.nanoTime();
        long limit = settings.callerSilenceTimeout().toNanos();
        for (CallBridge bridge : active.values()) {
            if (bridge.silentForNanos(now) > limit && bridge.claimSilenceEnding()) {
                LOG.log(Level.WARNING, "[{0}] nothing from the phone line for {1} ms; ending the call",
                        bridge.call().callSid(), settings.callerSilenceTimeout().toMillis());
                try {
                    workers.execute(() -> bridge.end(CallEndReason.STREAM_SILENT));
                } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                    return;
                }
            }
        }
    }

    /** Stands in for a call that was refused: ignores everything. */
    private static final class EndedCall implements CallSession {
        @Override
        public void callerAudio(byte[] mulaw) {
        }

        @Override
        public void callerPressed(String digit) {
        }

        @Override
        public void markPlayed(String name) {
        }

        @Override
        public void ended(CallEndReason reason) {
        }
    }
}
