package org.pharmacyvoice.adapters.deepgram;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Deepgram's documented limits on one text-to-speech socket, kept on our side so that the service never has to
 * refuse: at most 20 {@code Flush} messages and 2,400 characters of text per 60 seconds. Says that would break them
 * wait here (where a hush drops them for free) until enough of the window has passed. One voice's state; not
 * thread-safe, its owner locks.
 */
final class SpeakLimits {

    /** Twenty flushes per sixty seconds (developers.deepgram.com/docs/tts-ws-flush). */
    static final int MAX_FLUSHES = 20;
    /** 2,400 characters per minute (developers.deepgram.com/docs/streaming-text-to-speech, "Limits"). */
    static final int MAX_CHARS = 2400;
    /** The documented minute, and a second more so that our clock and Deepgram's need not agree exactly. */
    static final Duration WINDOW = Duration.ofSeconds(61);

    private final int maxFlushes;
    private final int maxChars;
    private final long windowNanos;
    /** One entry per flush sent within the window: when, and how many characters it carried. */
    private final ArrayDeque<long[]> sent = new ArrayDeque<>();
    private int charsInWindow;

    SpeakLimits() {
        this(MAX_FLUSHES, MAX_CHARS, WINDOW);
    }

    SpeakLimits(int maxFlushes, int maxChars, Duration window) {
        this.maxFlushes = maxFlushes;
        this.maxChars = maxChars;
        this.windowNanos = window.toNanos();
    }

    /**
     * How long a flush of {@code chars} characters must wait at {@code now} (nanos), 0 when it may go now. Text
     * longer than the whole allowance goes once the window is empty: it can't be made to fit.
     */
    long waitNanos(int chars, long now) {
        forgetBefore(now);
        if (sent.size() < maxFlushes && charsInWindow + chars <= maxChars) {
            return 0;
        }
        int flushes = sent.size();
        int characters = charsInWindow;
        for (long[] flush : sent) {
            flushes--;
            characters -= (int) flush[1];
            if (flushes < maxFlushes && (characters + chars <= maxChars || flushes == 0)) {
                return Math.max(1, flush[0] + windowNanos - now);
            }
        }
        return 0;
    }

    /** Notes a flush of {@code chars} characters sent at {@code now}. */
    void sent(int chars, long now) {
        forgetBefore(now);
        sent.addLast(new long[] {now, chars});
        charsInWindow += chars;
    }

    private void forgetBefore(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst()[0] >= windowNanos) {
            charsInWindow -= (int) sent.removeFirst()[1];
        }
    }
}
