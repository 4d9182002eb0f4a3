package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.call.port.out.CallPurposes;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Errand;
import org.pharmacyvoice.domain.telephony.Handoff;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.CallControl;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * Bridges one phone call to the voice agent, and keeps the call's state: caller audio to the agent frame by frame
 * (held back in {@link HeldAudio} only while the agent is not ready), agent speech to the caller with barge-in
 * ({@link ReplyTracker}), tool calls ({@link ToolRunner}), a new agent connection that picks up the conversation
 * when the old one drops ({@link AgentReconnects}), what the caller types on the keypad to the agent as their own turn
 * ({@link KeypadRelay}), no caller left waiting for an agent past the start timeout, a word to a caller who has gone
 * quiet and in the end a goodbye ({@link IdleCallerWatch}), a filler while a tool is slow ({@link ToolFiller}), and
 * one clean ending whichever side ends first.
 */
public final class CallBridge implements CallSession {

    private static final System.Logger LOG = System.getLogger(CallBridge.class.getName());

    /** Caller audio held while the agent gets ready: 60 s of 8 kHz μ-law, far beyond the start timeout. */
    static final int MAX_HELD_AUDIO_BYTES = 60 * 8000;
    /** How long the agent's last words may take, from the tool's request to Twilio's last mark, before we end anyway. */
    static final Duration FINAL_WORDS_PATIENCE = Duration.ofSeconds(15);
    /** A mark after every second of agent speech tells us how much of a reply the caller really heard. */
    static final int MARK_EVERY_BYTES = 8000;
    /** Endings that mean the caller got no agent because of the agent's side, not the caller's. */
    private static final Set<CallEndReason> AGENT_FAILURES = EnumSet.of(CallEndReason.AGENT_UNAVAILABLE,
            CallEndReason.AGENT_DISCONNECTED, CallEndReason.AGENT_ERROR);

    private final CallContext call;
    private final CallerLine line;
    private final VoiceAgent agent;
    private final AgentBriefing briefing;
    private final CallPurposes purposes;
    private final CallRecords records;
    private final CallMetrics metrics;
    private final Executor workers;
    private final BridgeSettings settings;
    private final Clock clock;
    private final AgentCircuit circuit;
    private final Consumer<CallBridge> whenEnded;
    private final ToolRunner tools;
    private final TranscriptMask mask;
    private final KeypadRelay keypad;
    private final Handoffs handoffs;
    /** The agent's last words once a tool asked to end the call after them; null until then. */
    private final AtomicReference<FinalWords> finalWords = new AtomicReference<>();
    private final AtomicBoolean handedOff = new AtomicBoolean();
    private final IdleCallerWatch idle;
    private final AgentTurns turns;
    private final ToolFiller filler;
    private final ReplyTracker replies = new ReplyTracker();
    private final List<ConversationLine> transcript = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    // Changed only under lock: held, reconnects, generation, agentReady, everReady, readyOrEnded, session, endReason,
    // lastAgentProblem. The volatile ones are also read without it (tool workers, the watchdog, agent events).
    private final HeldAudio held = new HeldAudio(MAX_HELD_AUDIO_BYTES);
    private final AgentReconnects reconnects;
    private volatile int generation;
    private boolean agentReady;
    private boolean everReady;
    private CountDownLatch readyOrEnded = new CountDownLatch(1);
    private volatile AgentSession session;
    private volatile CallEndReason endReason;
    private String lastAgentProblem = "";
    // Read by the watchdog: when the phone line last spoke, and by when an agent must be ready (0: it is ready).
    private volatile long lastCallerActivityNanos = System.nanoTime();
    private volatile long agentDeadlineNanos;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean silenceClaimed = new AtomicBoolean();
    private final AtomicBoolean agentOverdueClaimed = new AtomicBoolean();

    CallBridge(CallContext call, CallerLine line, VoiceAgent agent, AgentBriefing briefing, Toolbox toolbox,
               CallRecords records, CallMetrics metrics, Executor workers, BridgeSettings settings,
               TranscriptMask mask, Handoffs handoffs, Clock clock, AgentCircuit circuit,
               Consumer<CallBridge> whenEnded) {
        this(call, line, agent, briefing, toolbox, records, metrics, workers, settings, mask, handoffs, clock, circuit,
                Optional.empty(), CallPurposes.none(), whenEnded);
    }

    /**
     * A bridge for a call the pharmacy placed when {@code errand} is present: the person proves to be the errand's
     * patient, and 9 on its own lists the number for no more calls through {@code purposes}.
     */
    CallBridge(CallContext call, CallerLine line, VoiceAgent agent, AgentBriefing briefing, Toolbox toolbox,
               CallRecords records, CallMetrics metrics, Executor workers, BridgeSettings settings,
               TranscriptMask mask, Handoffs handoffs, Clock clock, AgentCircuit circuit, Optional<Errand> errand,
               CallPurposes purposes, Consumer<CallBridge> whenEnded) {
        this(call, line, agent, briefing, toolbox, records, metrics, workers, settings, mask, handoffs, clock, circuit,
                errand, purposes, CallTraces.none(), whenEnded);
    }

    /** The same, tracing the call, its agent turns and its tool runs through {@code traces}. */
    CallBridge(CallContext call, CallerLine line, VoiceAgent agent, AgentBriefing briefing, Toolbox toolbox,
               CallRecords records, CallMetrics metrics, Executor workers, BridgeSettings settings,
               TranscriptMask mask, Handoffs handoffs, Clock clock, AgentCircuit circuit, Optional<Errand> errand,
               CallPurposes purposes, CallTraces traces, Consumer<CallBridge> whenEnded) {
        this.call = call;
        this.turns = new AgentTurns(traces, call);
        this.purposes = purposes;
        this.handoffs = handoffs;
        this.mask = mask;
        this.line = line;
        this.agent = agent;
        this.briefing = briefing;
        this.records = records;
        this.metrics = metrics;
        this.workers = workers;
        this.settings = settings;
        this.clock = clock;
        this.circuit = circuit;
        this.whenEnded = whenEnded;
        this.idle = new IdleCallerWatch(call.callSid(), settings.callerIdleTimeout(), settings.phrases(),
                new IdleLine());
        this.filler = new ToolFiller(call.callSid(), settings.toolFillerDelay(), settings.phrases().lookingUp(),
                new ToolFiller.Wait() {
                    @Override
                    public void began() {
                        idle.toolsBegan();
                    }

                    @Override
                    public void ended(long now) {
                        idle.toolsEnded(now);
                    }
                });
        this.tools = new ToolRunner(call, toolbox, records, metrics, workers, clock, settings.agentStartTimeout(),
                mask, new Control(), filler, errand.flatMap(Errand::patientId), turns);
        this.reconnects = new AgentReconnects(settings.maxReconnects(), settings.reconnectBackoff());
        this.keypad = new KeypadRelay(call.callSid(), settings.keypadPause(), new TypedTurns(), errand.isPresent());
    }

    /** The call this bridge carries. */
    public CallContext call() {
        return call;
    }

    /** Why the call ended, or null while it goes on. */
    public CallEndReason endReason() {
        return endReason;
    }

    /** Connects the agent in the background; the caller's audio is queued until it is ready. */
    void start() {
        LOG.log(Level.INFO, "[{0}] call started from {1}", call.callSid(), call.maskedCaller());
        records.callStarted(call, clock.instant());
        metrics.callStarted();
        turns.callStarted();
        agentDeadlineNanos = System.nanoTime() + settings.agentStartTimeout().toNanos();
        workers.execute(() -> connectAgent(0, briefing));
    }

    /**
     * True once, when the caller has waited longer than the agent start timeout for an agent, at the start of the
     * call or since the agent was lost mid-call: the watchdog then hands the call to the fallback.
     */
    boolean claimAgentOverdue(long now) {
        long deadline = agentDeadlineNanos;
        return deadline != 0 && now - deadline > 0 && endReason == null && agentOverdueClaimed.compareAndSet(false, true);
    }

    /** No agent came in time: the call goes to the fallback rather than leave the caller in silence. */
    void agentOverdue() {
        boolean wasReady;
        lock.lock();
        try {
            wasReady = everReady;
            lastAgentProblem = "no voice agent ready within " + settings.agentStartTimeout().toMillis() + " ms"
                    + (lastAgentProblem.isEmpty() ? "" : " (last: " + lastAgentProblem + ")");
        } finally {
            lock.unlock();
        }
        LOG.log(Level.ERROR, "[{0}] no voice agent ready within {1,number,#} ms {2}; handing the call to the fallback",
                call.callSid(), settings.agentStartTimeout().toMillis(),
                wasReady ? "of losing it" : "of the call starting");
        end(wasReady ? CallEndReason.AGENT_DISCONNECTED : CallEndReason.AGENT_UNAVAILABLE);
    }

    /** Nanos since the telephony side last sent anything, for the silence watchdog. */
    long silentForNanos(long now) {
        return now - lastCallerActivityNanos;
    }

    /** True once: the watchdog reports and ends a silent call a single time, however long the ending takes. */
    boolean claimSilenceEnding() {
        return silenceClaimed.compareAndSet(false, true);
    }

    /** Whether the keypad has work for {@link #keypadTick()} (a pause ended an entry, a wait is over); never blocks. */
    boolean keypadDue(long now) {
        return endReason == null && keypad.due(now);
    }

    /** True once, when the agent's last words have not played out in time: the watchdog then ends the call. */
    boolean claimFinalWordsOverdue(long now) {
        FinalWords words = finalWords.get();
        return words != null && endReason == null && words.overdue(now) && !handedOff.get();
    }

    /** Ends the agent's part of the call as its last words asked, whether or not they were heard. */
    void finalWordsOverdue() {
        FinalWords words = finalWords.get();
        if (words != null) {
            LOG.log(Level.INFO, "[{0}] the agent's last words did not play out within {1,number,#} s; ending the "
                    + "call", call.callSid(), FINAL_WORDS_PATIENCE.toSeconds());
            handOff(words.ending(), words.heard());
        }
    }

    /** Runs the keypad's timers; on a worker, since it may send to the agent. */
    void keypadTick() {
        if (endReason == null) {
            keypad.tick(System.nanoTime());
        }
    }

    /** Whether the caller's silence has run out, or the goodbye has taken too long; never blocks. */
    boolean idleDue(long now) {
        return endReason == null && idle.due(now);
    }

    /** Asks the idle caller, says goodbye or ends the call; on a worker, since it may send to the agent. */
    void idleTick() {
        if (endReason == null) {
            idle.tick(System.nanoTime());
        }
    }

    /** Whether a tool has kept the caller waiting past the filler delay; never blocks. */
    boolean fillerDue(long now) {
        return endReason == null && filler.due(now);
    }

    /** Has the agent tell a waiting caller it is looking; on a worker, since it sends to the agent. */
    void fillerTick() {
        if (endReason == null) {
            filler.tick(System.nanoTime());
        }
    }

    private void connectAgent(int attempt, AgentBriefing brief) {
        AgentSession opened;
        var link = new Link(attempt);
        try {
            opened = agent.connect(call, brief, link);
            link.session.complete(opened);
        } catch (AgentUnavailableException | RuntimeException e) {
            LOG.log(Level.ERROR, "[{0}] voice agent unavailable: {1}", call.callSid(), e.getMessage());
            connectionLost(attempt, "could not connect: " + e.getMessage());
            return;
        }
        CountDownLatch ready;
        lock.lock();
        try {
            if (endReason != null || attempt != generation) {
                opened.close();
                return;
            }
            session = opened;
            ready = readyOrEnded;
            sendHeldAudioIfReady();
        } finally {
            lock.unlock();
        }
        // Ready may have come before the session did; the keypad's entries waited for both.
        keypad.agentReady(System.nanoTime());
        try {
            if (!ready.await(settings.agentStartTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.ERROR, "[{0}] voice agent not ready after {1,number,#} ms", call.callSid(),
                        settings.agentStartTimeout().toMillis());
                connectionLost(attempt, "not ready in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(CallEndReason.SERVER_SHUTDOWN);
        }
    }

    /** The agent connection of {@code attempt} is gone: open a new one within the budget, or end the call. */
    private void connectionLost(int attempt, String why) {
        AgentSession old;
        int reconnect;
        int next;
        boolean wasReady;
        lock.lock();
        try {
            if (endReason != null || attempt != generation) {
                return;
            }
            wasReady = everReady;
            lastAgentProblem = why;
            reconnect = reconnects.take();
            if (reconnect < 0) {
                old = null;
                next = -1;
            } else {
                next = ++generation;
                old = session;
                session = null;
                agentReady = false;
                if (agentDeadlineNanos == 0) {
                    // Each loss of a ready agent gets its own window; retries after a failed retry share it.
                    agentDeadlineNanos = System.nanoTime() + settings.agentStartTimeout().toNanos();
                }
                readyOrEnded.countDown();
                readyOrEnded = new CountDownLatch(1);
            }
        } finally {
            lock.unlock();
        }
        if (reconnect < 0) {
            LOG.log(Level.ERROR, "[{0}] voice agent lost ({1}); reconnect budget of {2} spent", call.callSid(), why,
                    reconnects.budget());
            end(wasReady ? CallEndReason.AGENT_DISCONNECTED : CallEndReason.AGENT_UNAVAILABLE);
            return;
        }
        if (old != null) {
            closeQuietly(old);
        }
        Duration wait = reconnects.waitBefore(reconnect);
        LOG.log(Level.WARNING, "[{0}] voice agent lost ({1}); reconnecting in {2,number,#} ms, attempt {3} of {4}",
                call.callSid(), why, wait.toMillis(), reconnect, reconnects.budget());
        AgentBriefing resumed = AgentReconnects.resumed(briefing, List.copyOf(transcript));
        workers.execute(() -> {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end(CallEndReason.SERVER_SHUTDOWN);
                return;
            }
            if (endReason == null) {
                connectAgent(next, resumed);
            }
        });
    }

    @Override
    public void callerAudio(byte[] mulaw) {
        long arrived = System.nanoTime();
        lastCallerActivityNanos = arrived;
        lock.lock();
        try {
            if (endReason != null) {
                return;
            }
            if (agentReady && session != null) {
                if (sendToAgent(mulaw)) {
                    metrics.callerAudioForwarded(mulaw.length, System.nanoTime() - arrived);
                }
                return;
            }
            held.hold(mulaw);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void callerPressed(String digit) {
        long now = System.nanoTime();
        lastCallerActivityNanos = now;
        if (endReason == null) {
            idle.callerActive();
            keypad.press(digit, now);
        }
    }

    @Override
    public void markPlayed(String name) {
        long now = System.nanoTime();
        lastCallerActivityNanos = now;
        replies.markPlayed(name);
        FinalWords words = finalWords.get();
        if (words != null && words.markPlayed(name)) {
            workers.execute(() -> handOff(words.ending(), true));
        }
        if (endReason == null) {
            idle.markPlayed(name, now);
        }
    }

    @Override
    public void ended(CallEndReason reason) {
        end(reason);
    }

    /** Receives the events of one agent connection; events of a connection we already replaced are ignored. */
    private final class Link implements AgentListener, ToolRunner.Asker {
        private final int attempt;
        /** Events may arrive before connect() returns the session; tool answers wait for it here. */
        private final CompletableFuture<AgentSession> session = new CompletableFuture<>();

        Link(int attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onEvent(AgentEvent event) {
            if (stillCurrent()) {
                handle(this, event);
            }
        }

        @Override
        public Optional<AgentSession> session(Duration wait) throws InterruptedException {
            try {
                return Optional.of(session.get(wait.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean stillCurrent() {
            return endReason == null && attempt == generation;
        }
    }

    private void handle(Link link, AgentEvent event) {
        int attempt = link.attempt;
        switch (event) {
            case AgentEvent.Ready ready -> {
                agentIsReady(attempt);
                keypad.agentReady(System.nanoTime());
            }
            case AgentEvent.Speech speech -> speak(speech.audio());
            case AgentEvent.CallerStartedSpeaking barge -> {
                turns.callerStartedSpeaking();
                idle.callerActive();
                bargeIn();
            }
            case AgentEvent.AgentStartedSpeaking started -> {
                turns.agentActs();
                replies.agentStartsReply();
                idle.agentTurnStarted();
            }
            case AgentEvent.Latency latency -> metrics.agentResponded(latency.agent(), latency.total());
            case AgentEvent.AgentAudioDone done -> {
                turns.agentDone();
                String mark = replies.replyAudioDone();
                if (mark != null) {
                    line.mark(mark);
                }
                long now = System.nanoTime();
                keypad.agentTurnEnded(now);
                idle.agentTurnEnded(replies.doneMark(), now);
                FinalWords words = finalWords.get();
                if (words != null && words.replyDone(replies.doneMark())) {
                    workers.execute(() -> handOff(words.ending(), true));
                }
            }
            case AgentEvent.CallerTextRefused refused -> keypad.refused(refused.reason(), System.nanoTime());
            case AgentEvent.Transcript transcript -> {
                turns.heard(transcript.line().speaker());
                heard(transcript.line());
            }
            case AgentEvent.ToolCallsRequested requested -> {
                turns.agentActs();
                tools.requested(requested.calls(), link);
            }
            case AgentEvent.ToolCallsCancelled cancelled -> tools.cancelled(cancelled.callIds());
            case AgentEvent.Warning warning -> LOG.log(Level.WARNING, "[{0}] agent warning {1}: {2}",
                    call.callSid(), warning.code(), warning.description());
            case AgentEvent.Failed failed -> {
                LOG.log(Level.ERROR, "[{0}] agent error {1}: {2}", call.callSid(), failed.code(),
                        failed.description());
                noteAgentProblem("agent error " + failed.code());
                end(CallEndReason.AGENT_ERROR);
            }
            case AgentEvent.Disconnected disconnected -> connectionLost(attempt, disconnected.reason());
        }
    }

    private void agentIsReady(int attempt) {
        boolean firstTime;
        lock.lock();
        try {
            if (attempt != generation) {
                return;
            }
            agentReady = true;
            firstTime = !everReady;
            everReady = true;
            agentDeadlineNanos = 0;
            sendHeldAudioIfReady();
            readyOrEnded.countDown();
        } finally {
            lock.unlock();
        }
        if (firstTime) {
            circuit.callGotAgent();
        }
        LOG.log(attempt == 0 ? Level.DEBUG : Level.INFO, "[{0}] voice agent ready{1}", call.callSid(),
                attempt == 0 ? "" : " again, conversation restored");
        if (attempt > 0) {
            metrics.agentReconnected();
        }
    }

    /** Sends held caller audio in arrival order; must hold {@link #lock}. */
    private void sendHeldAudioIfReady() {
        if (!agentReady || session == null) {
            return;
        }
        while (!held.isEmpty() && agentReady && endReason == null) {
            byte[] frame = held.next();
            if (sendToAgent(frame)) {
                metrics.callerAudioCaughtUp(frame.length);
            }
        }
    }

    /** Must hold {@link #lock}; a frame that can't be sent waits for the next connection. */
    private boolean sendToAgent(byte[] mulaw) {
        // The connection this frame went to. A failing send may report the loss itself, on this very thread, before
        // the exception reaches us; by then generation names the replacement, which must not be counted lost too.
        int attempt = generation;
        try {
            session.sendAudio(mulaw);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] sending audio to the agent failed: {1}", call.callSid(), e.getMessage());
            held.putBack(mulaw);
            if (attempt == generation) {
                agentReady = false;
                workers.execute(() -> connectionLost(attempt, "send failed: " + e.getMessage()));
            }
            return false;
        }
    }

    private void noteAgentProblem(String problem) {
        lock.lock();
        try {
            lastAgentProblem = problem;
        } finally {
            lock.unlock();
        }
    }

    private void speak(byte[] audio) {
        long arrived = System.nanoTime();
        ReplyTracker.Playback playback = replies.agentAudio(audio.length);
        if (playback.drop()) {
            return;
        }
        FinalWords words = finalWords.get();
        if (words != null) {
            words.agentSpoke();
        }
        try {
            line.play(audio);
            metrics.agentAudioForwarded(audio.length, System.nanoTime() - arrived);
            if (playback.mark() != null) {
                line.mark(playback.mark());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] playing audio to the caller failed: {1}", call.callSid(), e.getMessage());
            end(CallEndReason.STREAM_CLOSED);
        }
    }

    private void bargeIn() {
        String heard = replies.callerInterrupts();
        line.clearPlayback();
        metrics.bargeIn();
        LOG.log(Level.INFO, "[{0}] barge-in: caller started speaking{1}", call.callSid(), heard);
    }

    private void heard(ConversationLine spoken) {
        if (spoken.speaker() == Speaker.AGENT) {
            replies.agentStartsReply();
            idle.agentTurnStarted();
        } else {
            idle.callerActive();
            if (keypad.echoed(spoken.text(), System.nanoTime())) {
                // The agent repeating keypad text as a caller line: the record has it masked, the transcript as sent.
                return;
            }
        }
        transcript.add(spoken);
        // The agent hears everything; the record keeps no numbers, dates, drugs or names the caller gave.
        records.lineSpoken(call.callSid(), new ConversationLine(spoken.speaker(),
                mask.mask(spoken.text(), tools.caller().namesHeard())), clock.instant());
        // What callers say can be health information: it goes to the call record, and to the log only when asked.
        LOG.log(Level.DEBUG, "[{0}] {1}: {2}", call.callSid(),
                spoken.speaker().name().toLowerCase(Locale.ROOT), spoken.text());
    }

    /**
     * Hands the keypad's entries to the agent and its masked lines to the record. The keypad calls in with its own
     * lock held and this takes the bridge's: the bridge never calls the keypad while holding its lock.
     */
    private final class TypedTurns implements KeypadRelay.Call {

        @Override
        public boolean sendAsCaller(String text) {
            // The entry waits for the next connection when this one can't take it.
            return sendToReadyAgent("passing a keypad entry to the agent", open -> open.sendCallerText(text),
                    () -> transcript.add(new ConversationLine(Speaker.CALLER, text)));
        }

        @Override
        public void refused(String text) {
            ConversationLine sent = new ConversationLine(Speaker.CALLER, text);
            int last = transcript.lastIndexOf(sent);
            if (last >= 0) {
                transcript.remove(last);
            }
        }

        @Override
        public void typed(ConversationLine masked) {
            records.lineSpoken(call.callSid(), masked, clock.instant());
        }

        @Override
        public void askedForPerson() {
            // At once, whatever the agent is saying: the caller asked for a person, and Twilio tells them so.
            LOG.log(Level.INFO, "[{0}] caller pressed 0: transferring to the pharmacist", call.callSid());
            workers.execute(() -> handOff(new FinalWords.Ending(Handoff.Kind.TRANSFER,
                    "The caller pressed 0 to speak with a pharmacist."), false));
        }

        @Override
        public void askedNoMoreCalls() {
            // The law wants it honoured at once, so the server lists the number, not the agent; the agent is told.
            workers.execute(() -> {
                boolean listed;
                try {
                    listed = purposes.pressedForNoMoreCalls(call.callSid());
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "[" + call.callSid() + "] the person pressed 9 for no more calls, but the "
                            + "opt-out list could not be updated; add the number on the staff page", e);
                    listed = false;
                }
                keypad.tell(listed
                        ? "[I pressed 9: I want no more calls from the pharmacy. The system has put my number on the "
                                + "opt-out list. Confirm that and say goodbye.]"
                        : "[I pressed 9: I want no more calls from the pharmacy, but the system could not list my "
                                + "number just now. Say the pharmacy will make sure of it, and give the number to "
                                + "call back.]", System.nanoTime());
            });
        }
    }

    /**
     * Ends the agent's part of the call on purpose: keeps the handoff where any server can read it (Twilio asks what
     * next, maybe of another server) before the stream closes, then ends the call. Once per call.
     */
    private void handOff(FinalWords.Ending ending, boolean announced) {
        handOff(ending, announced, ending.kind() == Handoff.Kind.TRANSFER ? CallEndReason.TRANSFERRED
                : CallEndReason.AGENT_ENDED_CALL);
    }

    private void handOff(FinalWords.Ending ending, boolean announced, CallEndReason reason) {
        if (endReason != null || !handedOff.compareAndSet(false, true)) {
            return;
        }
        boolean transfer = ending.kind() == Handoff.Kind.TRANSFER;
        String summary = transfer ? HandoffSummary.of(tools.caller(), ending.reason(), tools.rxNumbersDiscussed())
                : "";
        try {
            handoffs.record(new Handoff(call.callSid(), ending.kind(), call.callerNumber(), summary, announced,
                    clock.instant()));
        } catch (RuntimeException e) {
            // Twilio's next request then finds no handoff and gets the fallback: the pharmacist, without a summary.
            LOG.log(Level.ERROR, "[{0}] keeping the call''s handoff failed: {1}", call.callSid(), e.getMessage());
        }
        end(reason);
    }

    /** What the call's tools may ask of it: end it after the agent's next reply. */
    private final class Control implements CallControl {

        @Override
        public boolean transferAfterReply(String reason) {
            return lastWords(new FinalWords.Ending(Handoff.Kind.TRANSFER, reason));
        }

        @Override
        public boolean hangUpAfterReply() {
            return lastWords(new FinalWords.Ending(Handoff.Kind.FINISHED, ""));
        }

        private boolean lastWords(FinalWords.Ending ending) {
            if (endReason != null) {
                return false;
            }
            boolean first = finalWords.compareAndSet(null,
                    new FinalWords(ending, System.nanoTime(), FINAL_WORDS_PATIENCE.toNanos()));
            if (first) {
                LOG.log(Level.INFO, "[{0}] the agent ends its part of the call after its reply: {1}", call.callSid(),
                        ending.kind() == Handoff.Kind.TRANSFER ? "transfer to the pharmacist" : "goodbye");
            }
            return first;
        }
    }

    /**
     * Lets the idle watch have the agent speak to the caller and end the call. Like the keypad, the watch calls in
     * with its own lock held and this takes the bridge's: the bridge never calls the watch while holding its lock.
     */
    private final class IdleLine implements IdleCallerWatch.Call {

        @Override
        public boolean say(String text) {
            return sendToReadyAgent("having the agent speak to the idle caller", open -> open.sendAgentText(text),
                    () -> { });
        }

        @Override
        public void hangUp() {
            // Finished, not failed: Twilio then hangs up instead of playing the fallback to a caller who left.
            handOff(new FinalWords.Ending(Handoff.Kind.FINISHED, ""), true, CallEndReason.CALLER_IDLE);
        }
    }

    /**
     * Sends to the agent if it is ready, under the bridge's lock, then runs {@code sent}; false when no agent is ready
     * or the send failed. A failing send may report the loss itself, on this thread, before the exception reaches
     * us: by then generation names the replacement, which must not be counted lost too.
     */
    private boolean sendToReadyAgent(String what, Consumer<AgentSession> send, Runnable sent) {
        lock.lock();
        try {
            if (endReason != null || !agentReady || session == null) {
                return false;
            }
            int attempt = generation;
            try {
                send.accept(session);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[{0}] {1} failed: {2}", call.callSid(), what, e.getMessage());
                if (attempt == generation) {
                    agentReady = false;
                    workers.execute(() -> connectionLost(attempt, "send failed: " + e.getMessage()));
                }
                return false;
            }
            sent.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the call once: closes the agent conversation and the caller's stream. Later calls do nothing. */
    void end(CallEndReason reason) {
        AgentSession toClose;
        boolean gotNoAgent;
        String agentProblem;
        lock.lock();
        try {
            if (endReason != null) {
                return;
            }
            endReason = reason;
            gotNoAgent = !everReady && AGENT_FAILURES.contains(reason);
            agentProblem = lastAgentProblem.isEmpty() ? reason.name() : lastAgentProblem;
            toClose = session;
            held.clear();
            readyOrEnded.countDown();
        } finally {
            lock.unlock();
        }
        LOG.log(Level.INFO, "[{0}] call ended: {1}", call.callSid(), reason);
        if (gotNoAgent) {
            circuit.callGotNoAgent(call.callSid(), agentProblem);
        }
        tools.maskNamesHeard(true);
        records.callEnded(call.callSid(), reason, clock.instant());
        metrics.callEnded(reason, Duration.ofNanos(System.nanoTime() - startedNanos));
        turns.callEnded(reason);
        if (toClose != null) {
            closeQuietly(toClose);
        }
        try {
            line.hangUp(reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] closing the caller's stream failed: {1}", call.callSid(), e.getMessage());
        }
        whenEnded.accept(this);
    }

    private void closeQuietly(AgentSession toClose) {
        try {
            toClose.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] closing the agent session failed: {1}", call.callSid(), e.getMessage());
        }
    }
}
