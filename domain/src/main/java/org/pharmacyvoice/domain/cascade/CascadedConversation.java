package org.pharmacyvoice.domain.cascade;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.cascade.port.out.Generation;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.LanguageModel;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.cascade.port.out.ModelTurn;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;
import org.pharmacyvoice.domain.cascade.port.out.Voice;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * One call's conversation with the cascaded agent: the caller's words from speech recognition become turns for the
 * language model, its reply is spoken sentence by sentence while it still writes, its tool calls go to the bridge and
 * their answers back to the model, and a caller who starts speaking stops both the speech and the writing.
 *
 * <p>Everything but {@link #sendAudio} and {@link #close} runs in the conversation's {@link Mailbox}, one task at a
 * time, so the state below needs no lock. The transcript keeps an agent sentence once the caller has begun to hear
 * it — the phone plays audio in real time from its arrival, so that moment is known — and a barge-in drops the
 * sentences they never heard, from the transcript and from what the model is told it said.
 */
final class CascadedConversation implements AgentSession {

    private static final System.Logger LOG = System.getLogger(CascadedConversation.class.getName());
    /** Nanoseconds of playback per byte of 8 kHz μ-law. */
    private static final long NANOS_PER_BYTE = 125_000;
    /** Turns the model is shown at most; older ones go, a caller's turn first, so tool answers keep their calls. */
    static final int MAX_TURNS = 200;
    /** Words of one caller turn kept at most: about ten minutes of speech; a runaway recogniser adds no more. */
    static final int MAX_CALLER_CHARS = 10_000;
    /** How long the conversation waits for the bridge's tool answers before it tells the model they failed. */
    static final Duration TOOL_PATIENCE = Duration.ofSeconds(60);

    /** Something the agent says: one sentence of a reply, the greeting, or words the bridge asked it to say. */
    private static final class Piece {
        final String text;
        final Reply reply;
        long heardFromNanos = -1;

        Piece(String text, Reply reply) {
            this.text = text;
            this.reply = reply;
        }
    }

    /** One reply of the agent: what of it the caller heard, and where the model's record of it sits. */
    private static final class Reply {
        final StringBuilder heard = new StringBuilder();
        /** The model's record of this reply, once it has one. */
        ModelTurn.AgentSaid said;
    }

    private final String callSid;
    private final AgentBriefing briefing;
    private final AgentListener listener;
    private final LanguageModel model;
    private final CascadeSettings settings;
    private final Mailbox mailbox;

    private volatile Transcription ears;
    private volatile Voice voice;
    private volatile Generation generation;
    private volatile boolean closed;
    /** Bumped after each hush: speech events counted before it belong to text the caller must not hear. */
    private volatile int voiceEpoch;

    // Mailbox-confined from here on.
    private final List<ModelTurn> turns = new ArrayList<>();
    private final StringBuilder callerWords = new StringBuilder();
    private SpokenSentences sentences = new SpokenSentences();
    private final Deque<Piece> synthesizing = new ArrayDeque<>();
    private final Deque<Piece> unheard = new ArrayDeque<>();
    private final Map<String, ToolCall> unanswered = new LinkedHashMap<>();
    private final Map<String, ToolResult> answers = new LinkedHashMap<>();
    private List<ToolCall> asked = List.of();
    private Reply writing;
    private int replyNumber;
    private int turnNumber;
    private boolean retriedThisTurn;
    private int failedInARow;
    private boolean replyWhenAnswered;
    private boolean audible;
    private long playheadNanos;
    private long turnEndedNanos;
    private boolean lost;

    CascadedConversation(String callSid, AgentBriefing briefing, AgentListener listener, LanguageModel model,
                         CascadeSettings settings, Mailbox mailbox) {
        this.callSid = callSid;
        this.briefing = briefing;
        this.listener = listener;
        this.model = model;
        this.settings = settings;
        this.mailbox = mailbox;
        for (ConversationLine line : briefing.history()) {
            turns.add(line.speaker() == Speaker.CALLER ? new ModelTurn.CallerSaid(line.text())
                    : new ModelTurn.AgentSaid(line.text(), List.of()));
        }
    }

    /** What speech recognition calls, on its own thread. */
    void heard(Heard event) {
        mailbox.execute(() -> onHeard(event));
    }

    /** What speech synthesis calls, on its own thread. */
    void spoken(Spoken event) {
        int epoch = voiceEpoch;
        mailbox.execute(() -> {
            if (epoch == voiceEpoch) {
                onSpoken(event);
            }
        });
    }

    /** Both services are open: the agent is ready, and greets the caller if the briefing says how. */
    void start(Transcription ears, Voice voice) {
        this.ears = ears;
        this.voice = voice;
        mailbox.execute(() -> {
            emit(new AgentEvent.Ready());
            if (!briefing.greeting().isBlank() && !closed) {
                var greeting = new Reply();
                record(greeting, briefing.greeting(), List.of());
                say(briefing.greeting(), greeting);
            }
        });
    }

    @Override
    public void sendAudio(byte[] mulaw) {
        Transcription listening = ears;
        if (listening != null && !closed) {
            listening.sendAudio(mulaw);
        }
    }

    @Override
    public void sendCallerText(String text) {
        mailbox.execute(() -> {
            if (writing != null || !synthesizing.isEmpty() || !unanswered.isEmpty() || !callerWords.isEmpty()) {
                emit(new AgentEvent.CallerTextRefused("the agent is in the middle of a turn"));
                return;
            }
            callerTurn(text);
        });
    }

    @Override
    public void sendAgentText(String text) {
        mailbox.execute(() -> {
            if (closed || text.isBlank()) {
                return;
            }
            var words = new Reply();
            record(words, text, List.of());
            say(text, words);
        });
    }

    @Override
    public void answer(ToolCall call, ToolResult result) {
        mailbox.execute(() -> {
            if (unanswered.remove(call.id()) == null) {
                LOG.log(Level.DEBUG, "[{0}] answer to a tool call no longer awaited", callSid);
                return;
            }
            answers.put(call.id(), result);
            if (unanswered.isEmpty()) {
                // In the order the model asked, whatever order the tools finished in: the same request for the same
                // conversation.
                for (ToolCall asked : asked) {
                    ToolResult answer = answers.remove(asked.id());
                    if (answer != null) {
                        addTurn(new ModelTurn.ToolAnswered(asked.id(), asked.toolName(), answer));
                    }
                }
                asked = List.of();
                replyWhenAnswered = false;
                reply();
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Generation writingNow = generation;
        if (writingNow != null) {
            writingNow.cancel();
        }
        if (ears != null) {
            ears.close();
        }
        if (voice != null) {
            voice.close();
        }
    }

    private void onHeard(Heard event) {
        if (voice == null && !(event instanceof Heard.Lost)) {
            return; // before the agent is ready no caller audio has been sent: nothing real to hear yet
        }
        switch (event) {
            case Heard.SpeechStarted started -> callerStartsSpeaking();
            case Heard.Interim interim -> {
                // A service without voice-activity events still lets the caller cut in, by its first words.
                if (!interim.text().isBlank() && (audible || writing != null)) {
                    callerStartsSpeaking();
                }
            }
            case Heard.Final words -> {
                if (!words.text().isBlank() && callerWords.length() < MAX_CALLER_CHARS) {
                    if (!callerWords.isEmpty()) {
                        callerWords.append(' ');
                    }
                    callerWords.append(words.text().strip());
                }
                if (words.endOfTurn()) {
                    callerTurnEnds();
                }
            }
            case Heard.EndOfTurn end -> callerTurnEnds();
            case Heard.Lost gone -> lose("speech recognition lost: " + gone.reason());
        }
    }

    private void onSpoken(Spoken event) {
        switch (event) {
            case Spoken.Audio audio -> playing(audio.mulaw());
            case Spoken.Done done -> {
                synthesizing.pollFirst();
                audioDoneIfQuiet();
            }
            case Spoken.Lost gone -> lose("speech synthesis lost: " + gone.reason());
        }
    }

    private void callerStartsSpeaking() {
        emit(new AgentEvent.CallerStartedSpeaking());
        interrupt();
    }

    /** Stops what the agent is writing and saying; keeps of it what the caller heard. */
    private void interrupt() {
        commitHeard(System.nanoTime());
        cancelWriting();
        if (!synthesizing.isEmpty() || !unheard.isEmpty()) {
            voice.hush();
            voiceEpoch++;
            for (Piece dropped : unheard) {
                Reply reply = dropped.reply;
                if (reply.said != null) {
                    record(reply, reply.heard.toString(), reply.said.toolCalls());
                }
            }
            LOG.log(Level.DEBUG, "[{0}] barge-in: {1} sentences unheard, {2} still being synthesised", callSid,
                    unheard.size(), synthesizing.size());
            synthesizing.clear();
            unheard.clear();
        }
        audible = false;
        playheadNanos = 0;
    }

    private void cancelWriting() {
        Generation writingNow = generation;
        if (writingNow == null && writing == null) {
            return;
        }
        if (writingNow != null) {
            writingNow.cancel();
        }
        generation = null;
        replyNumber++;
        Reply cut = writing;
        writing = null;
        sentences = new SpokenSentences();
        if (cut.said == null && !cut.heard.isEmpty()) {
            // What was heard of a reply cut short before the model finished it, so the model knows it said it.
            record(cut, cut.heard.toString(), List.of());
        }
    }

    private void callerTurnEnds() {
        String text = callerWords.toString();
        callerWords.setLength(0);
        if (!text.isBlank()) {
            callerTurn(text);
        }
    }

    private void callerTurn(String text) {
        if (closed) {
            return;
        }
        interrupt();
        emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, text)));
        addTurn(new ModelTurn.CallerSaid(text));
        turnEndedNanos = System.nanoTime();
        turnNumber++;
        retriedThisTurn = false;
        if (!unanswered.isEmpty()) {
            // The model must see every answer to its calls before it may speak again.
            replyWhenAnswered = true;
            return;
        }
        reply();
    }

    private void reply() {
        if (closed) {
            return;
        }
        cancelWriting();
        int number = ++replyNumber;
        writing = new Reply();
        var request = new ModelRequest(briefing.prompt(), briefing.tools(), turns);
        generation = model.reply(callSid, request, event -> mailbox.execute(() -> {
            if (number == replyNumber && !closed) {
                onModel(event);
            }
        }));
    }

    private void onModel(ModelEvent event) {
        switch (event) {
            case ModelEvent.Text text -> {
                for (String sentence : sentences.add(text.text())) {
                    say(sentence, writing);
                }
            }
            case ModelEvent.Finished finished -> finished(finished.toolCalls());
            case ModelEvent.Failed failed -> failed(failed);
        }
    }

    private void finished(List<ToolCall> toolCalls) {
        Reply done = writing;
        String rest = sentences.rest();
        if (!rest.isEmpty()) {
            say(rest, done);
        }
        generation = null;
        writing = null;
        sentences = new SpokenSentences();
        failedInARow = 0;
        record(done, textOf(done), toolCalls);
        if (!toolCalls.isEmpty()) {
            asked = toolCalls;
            toolCalls.forEach(call -> unanswered.put(call.id(), call));
            emit(new AgentEvent.ToolCallsRequested(toolCalls));
            int turn = turnNumber;
            CompletableFuture.delayedExecutor(TOOL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS, mailbox)
                    .execute(() -> giveUpOnAnswers(turn, toolCalls));
        }
        audioDoneIfQuiet();
    }

    /** Everything the reply will say: what was heard, and the sentences still on their way. */
    private String textOf(Reply reply) {
        var text = new StringBuilder(reply.heard);
        for (Piece piece : unheard) {
            if (piece.reply == reply) {
                text.append(text.isEmpty() ? "" : " ").append(piece.text);
            }
        }
        return text.toString();
    }

    private void giveUpOnAnswers(int turn, List<ToolCall> calls) {
        if (closed || turn != turnNumber) {
            return;
        }
        for (ToolCall call : calls) {
            if (unanswered.containsKey(call.id())) {
                LOG.log(Level.WARNING, "[{0}] tool {1} unanswered after {2} s; the model is told it failed",
                        callSid, call.toolName(), TOOL_PATIENCE.toSeconds());
                answer(call, ToolResult.failure("The tool did not answer in time.", ""));
            }
        }
    }

    private void failed(ModelEvent.Failed failed) {
        generation = null;
        Reply cut = writing;
        writing = null;
        sentences = new SpokenSentences();
        boolean spokeAlready = !cut.heard.isEmpty() || unheard.stream().anyMatch(piece -> piece.reply == cut);
        if (spokeAlready) {
            record(cut, textOf(cut), List.of());
        }
        var wait = failed.retryAfter().filter(after -> after.compareTo(settings.longestRetryWait()) <= 0);
        if (wait.isPresent() && !retriedThisTurn && !spokeAlready) {
            retriedThisTurn = true;
            int turn = turnNumber;
            LOG.log(Level.WARNING, "[{0}] language model asked to wait ({1}); asking again in {2} ms", callSid,
                    failed.problem(), wait.get().toMillis());
            CompletableFuture.delayedExecutor(wait.get().toMillis(), TimeUnit.MILLISECONDS, mailbox).execute(() -> {
                if (turn == turnNumber && writing == null && unanswered.isEmpty()) {
                    reply();
                }
            });
            return;
        }
        failedInARow++;
        if (failedInARow >= settings.failedRepliesAllowed()) {
            LOG.log(Level.ERROR, "[{0}] language model failed {1} replies in a row, the last: {2}", callSid,
                    failedInARow, failed.problem());
            emit(new AgentEvent.Failed("model", "the language model failed " + failedInARow
                    + " replies in a row: " + failed.problem()));
            return;
        }
        LOG.log(Level.WARNING, "[{0}] language model failed a reply ({1} in a row): {2}", callSid, failedInARow,
                failed.problem());
        if (!spokeAlready) {
            say(settings.sorryWords(), new Reply());
        }
        audioDoneIfQuiet();
    }

    private void say(String text, Reply reply) {
        var piece = new Piece(text, reply);
        synthesizing.addLast(piece);
        unheard.addLast(piece);
        voice.say(text);
    }

    private void playing(byte[] mulaw) {
        long now = System.nanoTime();
        if (!audible) {
            audible = true;
            emit(new AgentEvent.AgentStartedSpeaking());
            if (turnEndedNanos != 0) {
                emit(new AgentEvent.Latency(Duration.ofNanos(now - turnEndedNanos), CascadedAgent.NAME));
                turnEndedNanos = 0;
            }
        }
        long start = Math.max(now, playheadNanos);
        Piece piece = synthesizing.peekFirst();
        if (piece != null && piece.heardFromNanos < 0) {
            piece.heardFromNanos = start;
            long delay = start - now;
            if (delay <= 0) {
                commitHeard(now);
            } else {
                CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, mailbox)
                        .execute(() -> commitHeard(System.nanoTime()));
            }
        }
        playheadNanos = start + mulaw.length * NANOS_PER_BYTE;
        emit(new AgentEvent.Speech(mulaw));
    }

    /** Puts into the transcript every sentence the caller has begun to hear by {@code now}. */
    private void commitHeard(long now) {
        while (!unheard.isEmpty()) {
            Piece first = unheard.peekFirst();
            if (first.heardFromNanos < 0 || first.heardFromNanos > now) {
                return;
            }
            unheard.pollFirst();
            Reply reply = first.reply;
            reply.heard.append(reply.heard.isEmpty() ? "" : " ").append(first.text);
            emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, first.text)));
        }
    }

    private void audioDoneIfQuiet() {
        if (audible && synthesizing.isEmpty() && writing == null) {
            audible = false;
            emit(new AgentEvent.AgentAudioDone());
        }
    }

    /** Records what {@code reply} said for the model, or corrects its record (to what the caller heard). */
    private void record(Reply reply, String text, List<ToolCall> toolCalls) {
        var said = new ModelTurn.AgentSaid(text, toolCalls);
        int at = reply.said == null ? -1 : turns.lastIndexOf(reply.said);
        reply.said = said;
        if (at >= 0) {
            turns.set(at, said);
        } else {
            addTurn(said);
        }
    }

    private void addTurn(ModelTurn turn) {
        turns.add(turn);
        if (turns.size() > MAX_TURNS) {
            int drop = turns.size() - MAX_TURNS;
            while (drop < turns.size() - 1 && !(turns.get(drop) instanceof ModelTurn.CallerSaid)) {
                drop++;
            }
            turns.subList(0, drop).clear();
        }
    }

    private void lose(String why) {
        if (lost || closed) {
            return;
        }
        lost = true;
        LOG.log(Level.WARNING, "[{0}] cascaded agent lost a service: {1}", callSid, why);
        emit(new AgentEvent.Disconnected(why));
    }

    private void emit(AgentEvent event) {
        if (!closed) {
            listener.onEvent(event);
        }
    }
}
