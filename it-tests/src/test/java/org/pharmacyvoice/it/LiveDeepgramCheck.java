package org.pharmacyvoice.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.adapters.deepgram.DeepgramVoiceAgent;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;

/**
 * One call through the pharmacy's own call handling to a Deepgram Voice Agent, as a call on the server goes: the
 * domain's switchboard briefs the agent through the product's Deepgram adapter ({@link DeepgramVoiceAgent}: Welcome,
 * the pharmacy's Settings, SettingsApplied), the caller's line streams 20 ms frames of 8 kHz μ-law from the start,
 * the greeting plays, the caller asks a question, and the agent must hear it (a user {@code ConversationText}) and
 * answer aloud (an assistant one and its audio), the pharmacy's tools answering what it asks for on the way. A tap
 * between switchboard and adapter sees every event; whatever Deepgram refuses or complains about (a refused upgrade,
 * an Error, a Warning, a closed socket, a message the adapter can't read) fails the check with Deepgram's own words.
 * The API key never appears in what it reports.
 */
final class LiveDeepgramCheck {

    /**
     * The question the caller asks, "Hello, what are your opening hours?", made with {@code espeak-ng -v en-us -s 140
     * -w q.wav "..."} and {@code sox q.wav -r 8000 -c 1 -e u-law -b 8 live-check-question.wav gain -n -3 pad 0.3 0.3}.
     */
    static final String UTTERANCE_RESOURCE = "/deepgram/live-check-question.wav";
    /** 20 ms of 8 kHz μ-law: what one Twilio media message carries. */
    static final int FRAME_BYTES = 160;
    private static final long FRAME_NANOS = Duration.ofMillis(20).toNanos();
    private static final byte SILENCE = (byte) 0xFF;

    /**
     * How long each step may take: Welcome and SettingsApplied once the call is answered; the greeting once the
     * Settings are applied (the caller speaks when it has played or when this has passed); the answer once the caller
     * has started asking.
     */
    record Timings(Duration settingsApplied, Duration greeting, Duration answer) {

        /** Against the real Deepgram, across the internet. */
        static final Timings LIVE = new Timings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    /**
     * What the call held: its transcript, the agent audio that came from Deepgram (all of it, and what came after the
     * caller was heard), what of it reached the caller's line, and the tools the agent asked for.
     */
    record Conversation(List<ConversationLine> lines, int agentAudioBytes, int answerAudioBytes, int callerHeardBytes,
                        List<String> toolsAsked) {

        Conversation {
            lines = List.copyOf(lines);
            toolsAsked = List.copyOf(toolsAsked);
        }

        /** One line per turn and a line of totals, for the report file. */
        String report() {
            var text = new StringBuilder();
            for (ConversationLine line : lines) {
                text.append(line.speaker() == Speaker.CALLER ? "caller: " : "agent:  ").append(line.text()).append('\n');
            }
            text.append(agentAudioBytes).append(" bytes of agent audio (").append(agentAudioBytes / 8).append(" ms), ")
                    .append(answerAudioBytes).append(" of them after the caller was heard, ").append(callerHeardBytes)
                    .append(" played to the caller; tools asked for: ")
                    .append(toolsAsked.isEmpty() ? "none" : String.join(", ", toolsAsked)).append('\n');
            return text.toString();
        }
    }

    /** What the check hears of the call, from the tap and from the caller's line, in order. */
    private sealed interface Happening {

        /** The adapter connected: Welcome came and the Settings went out. */
        record Connected() implements Happening {
        }

        /** The adapter could not open the conversation, and why. */
        record NotConnected(String why) implements Happening {
        }

        /** Something the agent said or did. */
        record FromAgent(AgentEvent event) implements Happening {
        }

        /** The pharmacy ended the call on its side. */
        record HungUp(CallEndReason reason) implements Happening {
        }
    }

    /** How far the call has come, and what a failure says the check was doing. */
    private enum Step {
        SETTINGS_APPLIED("waiting for Welcome and SettingsApplied"),
        GREETING("listening to the greeting"),
        QUESTION("waiting for the agent to hear the caller and answer aloud");

        private final String doing;

        Step(String doing) {
            this.doing = doing;
        }
    }

    private final DeepgramSettings settings;
    private final PharmacyWiring pharmacy;
    private final byte[] question;
    private final Timings timings;

    private final BlockingQueue<Happening> happenings = new LinkedBlockingQueue<>();
    private final PhoneLine line = new PhoneLine();
    private final List<ConversationLine> lines = new ArrayList<>();
    private final List<String> toolsAsked = new ArrayList<>();
    private Step step = Step.SETTINGS_APPLIED;
    private boolean connected;
    private int agentAudio;
    private int answerAudio;
    private boolean heard;
    private boolean answered;

    LiveDeepgramCheck(DeepgramSettings settings, PharmacyWiring pharmacy, byte[] question, Timings timings) {
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.pharmacy = Objects.requireNonNull(pharmacy, "'pharmacy' must not be null");
        this.question = question.clone();
        this.timings = Objects.requireNonNull(timings, "'timings' must not be null");
    }

    /** The question of {@link #UTTERANCE_RESOURCE}: 8 kHz μ-law, mono, as Twilio streams a caller. */
    static byte[] question() {
        try (InputStream in = LiveDeepgramCheck.class.getResourceAsStream(UTTERANCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + UTTERANCE_RESOURCE);
            }
            try (AudioInputStream audio = AudioSystem.getAudioInputStream(new BufferedInputStream(in))) {
                AudioFormat format = audio.getFormat();
                if (!format.getEncoding().equals(AudioFormat.Encoding.ULAW) || format.getSampleRate() != 8000
                        || format.getChannels() != 1 || format.getSampleSizeInBits() != 8) {
                    throw new IllegalStateException(UTTERANCE_RESOURCE + " is " + format + ", not 8 kHz μ-law mono");
                }
                return audio.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalStateException(UTTERANCE_RESOURCE + " is not a WAV file Java can read", e);
        }
    }

    /**
     * Places the call and returns it once the agent has heard the question and answered it aloud.
     *
     * @throws AssertionError with what Deepgram said and what had happened so far, if it refused or complained, the
     *                        pharmacy ended the call, or a step took longer than its {@link Timings}
     */
    Conversation run() {
        String id = UUID.randomUUID().toString().replace("-", "");
        var call = new CallContext("CA" + id, "MZ" + id, "+15555550100", "+15555550199");
        try (var log = new CapturedLog("org.pharmacyvoice");
             var deepgram = new DeepgramVoiceAgent(settings);
             var switchboard = pharmacy.switchboard(new Tap(deepgram))) {
            CallSession session = switchboard.answer(call, line);
            line.pickUp(session);
            try {
                converse(log);
                awaitPlayback();
            } finally {
                line.hangUp();
                session.ended(CallEndReason.CALLER_HUNG_UP);
            }
            if (deepgram.rejectedMessages() > 0) {
                throw failure("reading Deepgram's messages", deepgram.rejectedMessages()
                        + " message(s) from Deepgram could not be read by the adapter", log);
            }
        }
        return new Conversation(lines, agentAudio, answerAudio, line.heard(), toolsAsked);
    }

    /**
     * The bridge hands agent audio to the caller's line through its writer, so the last of it may still be on its way
     * when the agent says it is done: give it two seconds before hanging up, so the count is what the line played.
     */
    private void awaitPlayback() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (line.heard() < agentAudio && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void converse(CapturedLog log) {
        long deadline = System.nanoTime() + timings.settingsApplied().toNanos();
        while (!(heard && answered && answerAudio > 0)) {
            long left = deadline - System.nanoTime();
            Happening happening = left > 0 ? poll(left) : null;
            switch (happening) {
                case null -> {
                    if (step != Step.GREETING) {
                        throw failure(step.doing, "nothing more within " + timeFor(step).toSeconds() + " s: "
                                + missing(), log);
                    }
                    // A greeting that never ends is the agent's business; the caller speaks up anyway.
                    deadline = ask();
                }
                case Happening.Connected c -> connected = true;
                case Happening.NotConnected refused -> throw failure(step.doing,
                        "Deepgram did not take the conversation: " + refused.why(), log);
                case Happening.HungUp hungUp -> throw failure(step.doing, "the pharmacy ended the call ("
                        + hungUp.reason() + ")", log);
                case Happening.FromAgent fromAgent -> {
                    if (fromAgent.event() instanceof AgentEvent.Ready && step == Step.SETTINGS_APPLIED) {
                        step = Step.GREETING;
                        deadline = System.nanoTime() + timings.greeting().toNanos();
                    } else if (fromAgent.event() instanceof AgentEvent.AgentAudioDone && step == Step.GREETING) {
                        deadline = ask();
                    } else {
                        heard(fromAgent.event(), log);
                    }
                }
            }
        }
    }

    /** Takes in what the agent said; fails on what it complained about. */
    private void heard(AgentEvent event, CapturedLog log) {
        switch (event) {
            case AgentEvent.Speech speech -> {
                agentAudio += speech.audio().length;
                if (heard) {
                    answerAudio += speech.audio().length;
                }
            }
            case AgentEvent.Transcript transcript -> {
                lines.add(transcript.line());
                if (transcript.line().speaker() == Speaker.CALLER && step == Step.QUESTION) {
                    heard = true;
                } else if (transcript.line().speaker() == Speaker.AGENT && heard) {
                    answered = true;
                }
            }
            case AgentEvent.ToolCallsRequested requested ->
                    requested.calls().forEach(toolCall -> toolsAsked.add(toolCall.toolName()));
            case AgentEvent.Failed failed -> throw failure(step.doing, "Deepgram sent Error " + failed.code() + ": "
                    + failed.description(), log);
            case AgentEvent.Warning warning -> throw failure(step.doing, "Deepgram sent Warning " + warning.code()
                    + ": " + warning.description(), log);
            case AgentEvent.Disconnected disconnected -> throw failure(step.doing,
                    "the connection to Deepgram ended: " + disconnected.reason(), log);
            case AgentEvent.CallerTextRefused refused -> throw failure(step.doing,
                    "Deepgram sent InjectionRefused: " + refused.reason(), log);
            case AgentEvent.Ready ready -> {
            }
            case AgentEvent.AgentAudioDone done -> {
            }
            case AgentEvent.CallerStartedSpeaking started -> {
            }
            case AgentEvent.AgentStartedSpeaking started -> {
            }
            case AgentEvent.Latency latency -> {
            }
            case AgentEvent.ToolCallsCancelled cancelled -> {
            }
        }
    }

    /** The caller asks the question now; the agent has {@link Timings#answer()} from here. */
    private long ask() {
        step = Step.QUESTION;
        line.say(question);
        return System.nanoTime() + timings.answer().toNanos();
    }

    private Duration timeFor(Step current) {
        return switch (current) {
            case SETTINGS_APPLIED -> timings.settingsApplied();
            case GREETING -> timings.greeting();
            case QUESTION -> timings.answer();
        };
    }

    private String missing() {
        if (step == Step.SETTINGS_APPLIED) {
            return connected ? "Welcome came and the Settings went out, but no SettingsApplied"
                    : "no Welcome (the Settings were never sent)";
        }
        var not = new ArrayList<String>();
        if (!heard) {
            not.add("no ConversationText of role user (the agent did not hear the caller)");
        }
        if (!answered) {
            not.add("no ConversationText of role assistant after it (no answer)");
        }
        if (answerAudio == 0) {
            not.add("no agent audio after it");
        }
        return String.join("; ", not);
    }

    private Happening poll(long nanos) {
        try {
            return happenings.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + step.doing, e);
        }
    }

    /** Why the check failed and what had happened by then, the server's log lines included; never the key. */
    private AssertionError failure(String doing, String what, CapturedLog log) {
        var text = new StringBuilder("The live Deepgram check failed while ").append(doing).append(" at ")
                .append(settings.agentUrl()).append(": ").append(what).append('\n')
                .append("So far: ").append(connected ? "Welcome, Settings sent" : "no Welcome").append(", ")
                .append(step == Step.SETTINGS_APPLIED ? "no SettingsApplied" : "SettingsApplied").append('\n')
                .append(new Conversation(lines, agentAudio, answerAudio, line.heard(), toolsAsked).report());
        List<String> logged = log.lines();
        if (!logged.isEmpty()) {
            text.append("The server's log:\n");
            logged.forEach(entry -> text.append("  ").append(entry).append('\n'));
        }
        return new AssertionError(redacted(text.toString()));
    }

    private String redacted(String text) {
        return settings.hasApiKey() ? text.replace(settings.apiKey(), "****") : text;
    }

    /**
     * The product's adapter, as the switchboard uses it, with everything it reports to the call also reported to the
     * check, first.
     */
    private final class Tap implements VoiceAgent {

        private final VoiceAgent agent;

        Tap(VoiceAgent agent) {
            this.agent = agent;
        }

        @Override
        public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
                throws AgentUnavailableException {
            AgentSession session;
            try {
                session = agent.connect(call, briefing, event -> {
                    happenings.add(new Happening.FromAgent(event));
                    listener.onEvent(event);
                });
            } catch (AgentUnavailableException e) {
                happenings.add(new Happening.NotConnected(e.getMessage()));
                throw e;
            }
            happenings.add(new Happening.Connected());
            return session;
        }
    }

    /**
     * The caller's side of the phone line, as Twilio is to the server: from pick-up to hang-up a 20 ms frame every
     * 20 ms — silence, and the question when the caller asks it — on a clock of its own, so that a late frame is not
     * made up for by a burst; the agent's audio is played at once, and each mark is reported played.
     */
    private final class PhoneLine implements CallerLine {

        private final BlockingQueue<byte[]> toSay = new LinkedBlockingQueue<>();
        private final AtomicInteger played = new AtomicInteger();
        private volatile CallSession session;
        private volatile Thread sender;

        void pickUp(CallSession call) {
            session = call;
            sender = Thread.ofPlatform().daemon().name("live-check phone line").start(this::stream);
        }

        void say(byte[] utterance) {
            for (int from = 0; from < utterance.length; from += FRAME_BYTES) {
                byte[] frame = new byte[FRAME_BYTES];
                Arrays.fill(frame, SILENCE);
                System.arraycopy(utterance, from, frame, 0, Math.min(FRAME_BYTES, utterance.length - from));
                toSay.add(frame);
            }
        }

        int heard() {
            return played.get();
        }

        void hangUp() {
            Thread running = sender;
            if (running != null) {
                running.interrupt();
                try {
                    running.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void play(byte[] mulaw) {
            played.addAndGet(mulaw.length);
        }

        @Override
        public void clearPlayback() {
            // Played as it came: nothing is queued.
        }

        @Override
        public void mark(String name) {
            // Reported from elsewhere, as Twilio's echo arrives on the stream's own thread.
            Thread.ofVirtual().start(() -> session.markPlayed(name));
        }

        @Override
        public void hangUp(CallEndReason reason) {
            happenings.add(new Happening.HungUp(reason));
        }

        private void stream() {
            byte[] silence = new byte[FRAME_BYTES];
            Arrays.fill(silence, SILENCE);
            long next = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                byte[] frame = toSay.poll();
                session.callerAudio(frame == null ? silence : frame);
                next += FRAME_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -FRAME_NANOS * 5) {
                    // Far behind (a stalled machine): start the clock again rather than send a burst.
                    next = System.nanoTime();
                }
            }
        }
    }
}
