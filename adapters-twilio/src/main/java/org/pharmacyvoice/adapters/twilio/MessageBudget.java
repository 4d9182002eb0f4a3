package org.pharmacyvoice.adapters.twilio;

/**
 * Keeps one media stream within what Twilio really sends (about fifty messages a second, almost all valid), so a
 * flood or a stream of garbage can't eat the server's time or its logs: beyond the budget the stream is closed.
 */
final class MessageBudget {

    /** Twilio sends ~50 messages/s; ten times that, sustained for a second, is not Twilio. */
    static final int MAX_MESSAGES_PER_SECOND = 500;
    /** A real stream has no bad messages; this many means the peer is broken or hostile. */
    static final int MAX_BAD_MESSAGES = 100;
    /** Bad messages logged one by one before the log only summarises. */
    static final int LOGGED_ONE_BY_ONE = 5;

    private long windowStart;
    private int inWindow;
    private int bad;

    /** Counts one incoming message; false when the stream sends faster than any Twilio stream does. */
    boolean admit(long nowNanos) {
        if (nowNanos - windowStart >= 1_000_000_000L) {
            windowStart = nowNanos;
            inWindow = 0;
        }
        return ++inWindow <= MAX_MESSAGES_PER_SECOND;
    }

    /** Counts one bad message and returns how many this stream has sent. */
    int badMessage() {
        return ++bad;
    }

    boolean tooManyBad() {
        return bad > MAX_BAD_MESSAGES;
    }

    boolean logOneByOne() {
        return bad <= LOGGED_ONE_BY_ONE;
    }
}
