package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.call.port.out.CallPurposes;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.Errand;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * Answers calls: gives each one its own {@link CallBridge}, keeps track of the calls in progress, refuses calls
 * beyond the limit or while draining, sends calls straight to the fallback while the voice agent keeps failing (and
 * probes it until it works again), ends calls whose phone line went silent or whose agent never came, runs the
 * keypad's, the idle caller's and the tool filler's timers, and ends them all on shutdown. Agent connections and
 * tool runs happen on its virtual-thread workers, never on a socket's reader thread.
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
    private final AgentCircuit circuit;
    private final TranscriptMask mask;
    private final Handoffs handoffs;
    private final CallPurposes purposes;
    private final CallTraces traces;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicInteger probes = new AtomicInteger();
    /** Only the watchdog's thread uses it. */
    private long nextProbeNanos;
    private volatile boolean draining;

    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, CallRecords records,
                       CallMetrics metrics, BridgeSettings settings, Clock clock) {
        this(agent, toolbox, script, records, metrics, settings, TranscriptMask.numbersAndNames(), clock);
    }

    /** A switchboard whose call records hide what {@code mask} hides (the formulary's drugs, say). */
    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, CallRecords records,
                       CallMetrics metrics, BridgeSettings settings, TranscriptMask mask, Clock clock) {
        this(agent, toolbox, script, records, metrics, settings, mask, Handoffs.none(), clock);
    }

    /**
     * The same, keeping in {@code handoffs} how each call the agent ended on purpose goes on (to the pharmacist, or
     * nowhere), for whichever server Twilio asks next.
     */
    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, CallRecords records,
                       CallMetrics metrics, BridgeSettings settings, TranscriptMask mask, Handoffs handoffs,
                       Clock clock) {
        this(agent, toolbox, script, records, metrics, settings, mask, handoffs, CallPurposes.none(), clock);
    }

    /**
     * The same, briefing the agent of each call the pharmacy placed itself for its errand, as {@code purposes}
     * knows it.
     */
    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, CallRecords records,
                       CallMetrics metrics, BridgeSettings settings, TranscriptMask mask, Handoffs handoffs,
                       CallPurposes purposes, Clock clock) {
        this(agent, toolbox, script, records, metrics, settings, mask, handoffs, purposes, CallTraces.none(), clock);
    }

    /** The same, tracing each call, its agent turns and its tool runs through {@code traces}. */
    public Switchboard(VoiceAgent agent, Toolbox toolbox, CallScript script, CallRecords records,
                       CallMetrics metrics, BridgeSettings settings, TranscriptMask mask, Handoffs handoffs,
                       CallPurposes purposes, CallTraces traces, Clock clock) {
        this.traces = Objects.requireNonNull(traces, "'traces' must not be null");
        this.purposes = Objects.requireNonNull(purposes, "'purposes' must not be null");
        this.mask = Objects.requireNonNull(mask, "'mask' must not be null");
        this.handoffs = Objects.requireNonNull(handoffs, "'handoffs' must not be null");
        this.agent = Objects.requireNonNull(agent, "'agent' must not be null");
        // Every call can be handed to the pharmacist or ended by the agent, after the pharmacy's own tools.
        this.toolbox = Objects.requireNonNull(toolbox, "'toolbox' must not be null").with(CallControlTools.all());
        this.script = Objects.requireNonNull(script, "'script' must not be null");
        this.records = Objects.requireNonNull(records, "'records' must not be null");
        this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
        this.circuit = new AgentCircuit(settings.circuitThreshold(), settings.circuitProbeInterval(), metrics, clock);
        watchdog.scheduleAtFixedRate(this::watch, period(settings), period(settings), TimeUnit.MILLISECONDS);
    }

    /**
     * How often the watchdog looks, in milliseconds: a keypad pause ends the caller's entry within a tenth of the
     * pause (300 ms after the default 3 s), a filler is said within a quarter of its delay (250 ms after the default
     * 1 s), an idle caller is asked within a tenth of the idle timeout.
     */
    static long period(BridgeSettings settings) {
        long shortest = Math.min(settings.callerSilenceTimeout().toMillis(), settings.agentStartTimeout().toMillis());
        long period = Math.min(shortest / 4, settings.keypadPause().toMillis() / 10);
        if (!settings.toolFillerDelay().isZero()) {
            period = Math.min(period, settings.toolFillerDelay().toMillis() / 4);
        }
        if (!settings.callerIdleTimeout().isZero()) {
            period = Math.min(period, settings.callerIdleTimeout().toMillis() / 10);
        }
        return Math.max(50, Math.min(1000, period));
    }

    @Override
    public CallSession answer(CallContext call, CallerLine line) {
        Admission admission = admission();
        if (admission != Admission.OPEN) {
            LOG.log(Level.WARNING, "[{0}] stream refused: {1}", call.callSid(), why(admission));
            line.hangUp(admission == Admission.BUSY ? CallEndReason.SERVER_BUSY : CallEndReason.AGENT_UNAVAILABLE);
            return new EndedCall();
        }
        Optional<Errand> errand = errandOf(call);
        var bridge = new CallBridge(call, line, agent, briefing(errand), toolbox, records, metrics, workers, settings,
                mask, handoffs, clock, circuit, errand, purposes, traces,
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
    public Admission admitNewCall() {
        Admission admission = admission();
        if (admission != Admission.OPEN) {
            metrics.callTurnedAway(admission);
        }
        return admission;
    }

    /** Whether the voice agent is getting calls, for readiness and the dashboard. */
    public AgentCircuit.Status agentCircuit() {
        return circuit.status();
    }

    private Admission admission() {
        if (agent.notSetUpBecause().isPresent()) {
            return Admission.UNAVAILABLE;
        }
        if (draining || active.size() >= settings.maxConcurrentCalls()) {
            return Admission.BUSY;
        }
        return circuit.isOpen() ? Admission.AGENT_DOWN : Admission.OPEN;
    }

    private String why(Admission admission) {
        if (admission == Admission.UNAVAILABLE) {
            return agent.notSetUpBecause().orElse("the voice agent is not set up");
        }
        if (admission == Admission.AGENT_DOWN) {
            return "the voice agent circuit is open (calls in a row got no agent); the caller goes to the fallback";
        }
        return draining ? "draining for shutdown" : "at the limit of " + settings.maxConcurrentCalls() + " calls";
    }

    private AgentBriefing briefing(Optional<Errand> errand) {
        CallScript.Words words = script.forCallAt(clock.instant());
        if (errand.isPresent()) {
            String prompt = words.prompt().isBlank() ? errand.get().instructions()
                    : words.prompt().stripTrailing() + "\n\n" + errand.get().instructions();
            return new AgentBriefing(prompt, errand.get().greeting(), toolbox.specs(), List.of());
        }
        return new AgentBriefing(words.prompt(), words.greeting(), toolbox.specs(), List.of());
    }

    /**
     * The errand of a call the pharmacy placed. Should the lookup fail, the call is carried as one that came in: its
     * greeting is then the pharmacy's usual one, and nothing about the patient is said before verification either way.
     */
    private Optional<Errand> errandOf(CallContext call) {
        try {
            return purposes.errandOf(call.callSid());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + call.callSid() + "] could not look up whether the pharmacy placed this call; "
                    + "carrying it as a call that came in", e);
            return Optional.empty();
        }
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

    /** Runs on the watchdog's one thread, so it only decides; whatever may block runs on a worker. */
    private void watch() {
        long now = System.nanoTime();
        long limit = settings.callerSilenceTimeout().toNanos();
        try {
            for (CallBridge bridge : active.values()) {
                if (bridge.silentForNanos(now) > limit && bridge.claimSilenceEnding()) {
                    LOG.log(Level.WARNING, "[{0}] nothing from the phone line for {1,number,#} ms; ending the call",
                            bridge.call().callSid(), settings.callerSilenceTimeout().toMillis());
                    workers.execute(() -> bridge.end(CallEndReason.STREAM_SILENT));
                }
                if (bridge.claimAgentOverdue(now)) {
                    workers.execute(bridge::agentOverdue);
                }
                if (bridge.keypadDue(now)) {
                    workers.execute(bridge::keypadTick);
                }
                if (bridge.claimFinalWordsOverdue(now)) {
                    workers.execute(bridge::finalWordsOverdue);
                }
                if (bridge.idleDue(now)) {
                    workers.execute(bridge::idleTick);
                }
                if (bridge.fillerDue(now)) {
                    workers.execute(bridge::fillerTick);
                }
            }
            probeIfDue(now);
        } catch (RejectedExecutionException shuttingDown) {
            // The workers are closed: nothing is left to watch.
        }
    }

    /** While the circuit is open, one probe every probe interval, the first one interval after it opened. */
    private void probeIfDue(long now) {
        if (!circuit.isOpen()) {
            nextProbeNanos = 0;
            return;
        }
        long interval = settings.circuitProbeInterval().toNanos();
        if (nextProbeNanos == 0) {
            nextProbeNanos = now + interval;
        } else if (now - nextProbeNanos >= 0 && probing.compareAndSet(false, true)) {
            nextProbeNanos = now + interval;
            workers.execute(this::probe);
        }
    }

    /**
     * Opens one agent conversation that no caller hears (no greeting), waits for it to be ready and closes it: the
     * circuit closes as soon as the agent works again.
     */
    private void probe() {
        String sid = "probe-" + probes.incrementAndGet();
        var ready = new CountDownLatch(1);
        var failed = new AtomicReference<String>();
        var brief = new AgentBriefing(script.prompt(), "", toolbox.specs(), List.of());
        try {
            AgentSession session = agent.connect(new CallContext(sid, sid, "", ""), brief, event -> {
                switch (event) {
                    case AgentEvent.Ready r -> ready.countDown();
                    case AgentEvent.Failed f -> failed.compareAndSet(null, "agent error " + f.code());
                    case AgentEvent.Disconnected d -> failed.compareAndSet(null, d.reason());
                    default -> {
                    }
                }
            });
            try {
                if (ready.await(settings.agentStartTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    circuit.probeSucceeded();
                } else {
                    circuit.probeFailed(failed.get() != null ? failed.get()
                            : "not ready within " + settings.agentStartTimeout().toMillis() + " ms");
                }
            } finally {
                session.close();
            }
        } catch (AgentUnavailableException | RuntimeException e) {
            circuit.probeFailed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probing.set(false);
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
