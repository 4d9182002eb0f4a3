package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

/**
 * One call's voice on Deepgram's {@code /v1/speak}: each text said becomes {@code Speak} messages and a
 * {@code Flush}; the binary audio that follows is the call's {@link Spoken.Audio}, and the {@code Flushed} that ends
 * it is one {@link Spoken.Done} for each text that flush carried.
 *
 * <p>At most one flush is outstanding. Texts said while one is (the language model writes faster than Deepgram
 * speaks) wait here and go together in the next flush, once the last one is answered: the audio is the same, the
 * {@code Flushed} is unambiguous, and far fewer flushes count against Deepgram's limit (see {@link SpeakLimits}).
 * Waiting texts cost nothing to drop.
 *
 * <p>{@link #hush()} drops the waiting texts and, when a flush is outstanding, sends {@code Clear}: every audio
 * message and {@code Flushed} before Deepgram's {@code Cleared} belongs to the cleared text and is dropped, and new
 * text waits for the {@code Cleared}. A voice that owes an answer (a {@code Flushed} or {@code Cleared}) and sends
 * nothing for the answer timeout is lost.
 */
final class VoiceStream implements Voice, SpeechSocket.Peer {

    private static final System.Logger LOG = System.getLogger(VoiceStream.class.getName());

    /** The most characters one {@code Speak} may carry (Aura and Aura-2, per Deepgram's "Input Text Limit"). */
    static final int MAX_SPEAK_CHARS = 2000;
    static final String FLUSH = JSON.createObjectBuilder().add("type", "Flush").build().toString();
    static final String CLEAR = JSON.createObjectBuilder().add("type", "Clear").build().toString();
    static final String CLOSE = JSON.createObjectBuilder().add("type", "Close").build().toString();
    private static final int LOGGED_ONE_BY_ONE = 5;
    private static final int SUMMARY_EVERY = 50;

    /** The texts of one flush. {@code answered} once its {@code Flushed} came (or it had nothing to speak). */
    private static final class Flush {
        final int says;
        final long epoch;
        boolean answered;

        Flush(int says, long epoch) {
            this.says = says;
            this.epoch = epoch;
        }
    }

    private final String callSid;
    private final Delivery<Spoken> delivery;
    private final ScheduledExecutorService timer;
    private final Duration answerTimeout;
    private final Consumer<String> rejectedCounter;
    private final Consumer<VoiceStream> whenEnded;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private final SpeakLimits limits;
    private Flush outstanding;
    private boolean clearing;
    private boolean pumpScheduled;
    private boolean ended;

    /** Bumped by every hush: events of text said before it are no longer wanted. Written under both locks. */
    private volatile long epoch;
    /** Since when an answer is owed and nothing has come (nanos), or 0 when none is owed. */
    private volatile long awaitingSince;
    private volatile SpeechSocket socket;
    private volatile ScheduledFuture<?> watch;
    /** Bad messages on this voice; only the reader thread counts them. */
    private int badMessages;

    VoiceStream(String callSid, Consumer<Spoken> listener, ScheduledExecutorService timer, Duration answerTimeout,
                SpeakLimits limits, Consumer<String> rejectedCounter, Consumer<VoiceStream> whenEnded) {
        this.callSid = callSid;
        this.delivery = new Delivery<>(callSid, listener);
        this.timer = timer;
        this.answerTimeout = answerTimeout;
        this.limits = limits;
        this.rejectedCounter = rejectedCounter;
        this.whenEnded = whenEnded;
    }

    String callSid() {
        return callSid;
    }

    /** Starts speaking over the opened socket, and watching that Deepgram answers. */
    void attach(SpeechSocket opened) {
        socket = opened;
        long period = Math.clamp(answerTimeout.toMillis() / 4, 10, 500);
        lock.lock();
        try {
            if (ended) {
                return;
            }
            watch = timer.scheduleAtFixedRate(this::checkAnswered, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            LOG.log(Level.DEBUG, "[{0}] no answer watch: Deepgram speech synthesis is shut down", callSid);
        } finally {
            lock.unlock();
        }
    }

    // ---- the call's side ----

    @Override
    public void say(String text) {
        Objects.requireNonNull(text, "'text' must not be null");
        lock.lock();
        try {
            if (ended) {
                return;
            }
            waiting.addLast(text);
            sendWaiting();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void hush() {
        delivery.whileQuiet(() -> {
            lock.lock();
            try {
                epoch++;
                int dropped = waiting.size();
                waiting.clear();
                if (outstanding != null && !outstanding.answered && !ended) {
                    outstanding = null;
                    clearing = true;
                    awaitingSince = System.nanoTime();
                    socket.sendText(CLEAR);
                    LOG.log(Level.DEBUG, "[{0}] hushed: Clear sent, {1} waiting text(s) dropped", callSid, dropped);
                }
            } finally {
                lock.unlock();
            }
        });
    }

    @Override
    public void close() {
        delivery.end();
        lock.lock();
        try {
            ended = true;
            waiting.clear();
        } finally {
            lock.unlock();
        }
        stopWatching();
        whenEnded.accept(this);
        SpeechSocket open = socket;
        if (open != null) {
            open.close(CLOSE);
        }
    }

    /** Sends the waiting texts as one flush, when none is outstanding, no Clear is, and the limits allow it. */
    private void sendWaiting() {
        if (ended || outstanding != null || clearing || waiting.isEmpty()) {
            return;
        }
        List<String> pieces = new ArrayList<>();
        int chars = 0;
        for (String text : waiting) {
            boolean first = true;
            for (String piece : pieces(text)) {
                // Deepgram joins a flush's texts as they are: "ready.Anything" would be read as one word.
                if (first && !pieces.isEmpty() && piece.length() < MAX_SPEAK_CHARS
                        && !Character.isWhitespace(piece.charAt(0))) {
                    piece = " " + piece;
                }
                first = false;
                pieces.add(piece);
                chars += piece.length();
            }
        }
        long now = System.nanoTime();
        long wait = pieces.isEmpty() ? 0 : limits.waitNanos(chars, now);
        if (wait > 0) {
            if (!pumpScheduled) {
                pumpScheduled = true;
                LOG.log(Level.INFO, "[{0}] holding {1} text(s) for {2} ms: Deepgram''s flush or character limit",
                        callSid, waiting.size(), TimeUnit.NANOSECONDS.toMillis(wait));
                schedule(this::sendWaitingLater, wait);
            }
            return;
        }
        Flush flush = new Flush(waiting.size(), epoch);
        waiting.clear();
        outstanding = flush;
        if (pieces.isEmpty()) {
            // Nothing to speak (blank text): its Done follows on a thread of its own, in order, after earlier ones.
            flush.answered = true;
            Thread.ofVirtual().name("[" + callSid + "] deepgram voice done").start(() -> finish(flush));
            return;
        }
        for (String piece : pieces) {
            socket.sendText(JSON.createObjectBuilder().add("type", "Speak").add("text", piece).build().toString());
        }
        socket.sendText(FLUSH);
        limits.sent(chars, now);
        awaitingSince = now;
    }

    private void sendWaitingLater() {
        lock.lock();
        try {
            pumpScheduled = false;
            sendWaiting();
        } finally {
            lock.unlock();
        }
    }

    /** Delivers the Done of each text of an answered flush (unless hushed since), then sends what waits. */
    private void finish(Flush flush) {
        for (int i = 0; i < flush.says; i++) {
            delivery.deliver(new Spoken.Done(), () -> epoch == flush.epoch);
        }
        lock.lock();
        try {
            if (outstanding == flush) {
                outstanding = null;
            }
            sendWaiting();
        } finally {
            lock.unlock();
        }
    }

    // ---- the socket's side (its reader thread) ----

    @Override
    public void binary(byte[] bytes) {
        long wanted;
        lock.lock();
        try {
            if (clearing || outstanding == null || outstanding.answered) {
                LOG.log(Level.TRACE, "[{0}] dropping {1} bytes of audio of hushed text", callSid, bytes.length);
                return;
            }
            wanted = outstanding.epoch;
            awaitingSince = System.nanoTime();
        } finally {
            lock.unlock();
        }
        delivery.deliver(new Spoken.Audio(bytes), () -> epoch == wanted);
    }

    @Override
    public void text(String message) {
        switch (SpeechMessageReader.speak(message)) {
            case SpeechMessage.Flushed flushed -> flushed();
            case SpeechMessage.Cleared cleared -> cleared();
            case SpeechMessage.Warning warning -> LOG.log(Level.WARNING, "[{0}] Deepgram speech synthesis {1}: {2} {3}",
                    callSid, warning.type(), warning.code(), warning.description());
            case SpeechMessage.Informational info ->
                    LOG.log(Level.DEBUG, "[{0}] ignoring a Deepgram synthesis {1} message", callSid, info.type());
            case SpeechMessage.Wordless wordless -> rejected("a recognition message, which synthesis never sends");
            case SpeechMessage.Malformed malformed ->
                    rejected("a message of " + message.length() + " characters: " + malformed.problem());
            case SpeechMessage.Recognised recognised ->
                    rejected("a recognition message, which synthesis never sends");
        }
    }

    private void flushed() {
        Flush answered = null;
        lock.lock();
        try {
            if (clearing) {
                LOG.log(Level.TRACE, "[{0}] dropping the Flushed of hushed text", callSid);
            } else if (outstanding != null && !outstanding.answered) {
                answered = outstanding;
                answered.answered = true;
                awaitingSince = 0;
            } else {
                LOG.log(Level.DEBUG, "[{0}] ignoring a Flushed no Flush asked for", callSid);
            }
        } finally {
            lock.unlock();
        }
        if (answered != null) {
            finish(answered);
        }
    }

    private void cleared() {
        lock.lock();
        try {
            if (!clearing) {
                LOG.log(Level.DEBUG, "[{0}] ignoring a Cleared no Clear asked for", callSid);
                return;
            }
            clearing = false;
            awaitingSince = 0;
            sendWaiting();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rejected(String problem) {
        rejectedCounter.accept(problem);
        badMessages++;
        String line = AgentMessageReader.fitForALogLine(problem);
        if (badMessages <= LOGGED_ONE_BY_ONE) {
            LOG.log(Level.WARNING, "[{0}] skipped a bad Deepgram synthesis message: {1}", callSid, line);
        } else if (badMessages % SUMMARY_EVERY == 0) {
            LOG.log(Level.WARNING, "[{0}] skipped {1} bad Deepgram synthesis messages so far; latest: {2}",
                    callSid, badMessages, line);
        }
    }

    @Override
    public void lost(String reason) {
        lock.lock();
        try {
            ended = true;
            waiting.clear();
        } finally {
            lock.unlock();
        }
        stopWatching();
        whenEnded.accept(this);
        delivery.deliverLast(new Spoken.Lost(reason));
    }

    // ---- helpers ----

    private void checkAnswered() {
        long since = awaitingSince;
        if (since == 0) {
            return;
        }
        long silent = System.nanoTime() - since;
        if (silent > answerTimeout.toNanos()) {
            SpeechSocket open = socket;
            // Not on the timer's thread: the call reacts to a loss, which may block.
            Thread.ofVirtual().name("[" + callSid + "] deepgram voice silent").start(() -> open.lose(
                    "Deepgram owed an answer and sent nothing for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms",
                    true));
        }
    }

    private void stopWatching() {
        ScheduledFuture<?> scheduled = watch;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            LOG.log(Level.DEBUG, "[{0}] not sending held text: Deepgram speech synthesis is shut down", callSid);
        }
    }

    /** {@code text} in pieces Deepgram takes ({@link #MAX_SPEAK_CHARS} at most), split at a space where possible. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + MAX_SPEAK_CHARS);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end - 1);
                if (space > start) {
                    end = space + 1;
                } else if (Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--;
                }
            }
            String piece = text.substring(start, end);
            if (!piece.isBlank()) {
                pieces.add(piece);
            }
            start = end;
        }
        return pieces;
    }
}
