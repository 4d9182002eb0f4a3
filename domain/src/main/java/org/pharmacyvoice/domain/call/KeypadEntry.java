package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;

/**
 * Gathers the keys one caller presses into entries, so that an Rx number or a date of birth can be typed instead of
 * spoken: digits until {@code #} or a pause, {@code *} starts the entry over, {@code 0} on its own is kept for
 * asking for a person, and an entry longer than any number the pharmacy uses goes nowhere. Every other key (the
 * A to D of some phones) is ignored. Not thread-safe: its {@link KeypadRelay} guards it; time comes in as
 * {@link System#nanoTime()} values, so tests can run it without waiting.
 */
final class KeypadEntry {

    private static final System.Logger LOG = System.getLogger(KeypadEntry.class.getName());

    /** More than any Rx number, date of birth or phone number: a longer entry is a mistake or noise. */
    static final int MAX_KEYS = 20;
    /** How every text the agent gets from the keypad begins; the agent may echo it back as a caller line. */
    static final String AGENT_TEXT_PREFIX = "The caller typed ";

    /** What a finished entry means. */
    sealed interface Finished {

        /** What the voice agent is told, as the caller's own turn; empty when the agent is told nothing. */
        Optional<String> forAgent();

        /** The caller's line in the call record: what they did, never the digits. */
        ConversationLine forRecord();
    }

    /** Digits to hand the agent, at most {@link #MAX_KEYS}. */
    record Digits(String digits) implements Finished {
        @Override
        public Optional<String> forAgent() {
            // One run of digits after a plain statement: the model reads them as typed, and can copy them whole.
            return Optional.of(AGENT_TEXT_PREFIX + "on the keypad: " + digits);
        }

        @Override
        public ConversationLine forRecord() {
            return new ConversationLine(Speaker.CALLER, "[typed " + keyCount(digits.length()) + " on the keypad]");
        }
    }

    /** More than {@link #MAX_KEYS} digits: none is passed on, but the agent hears why nothing came. */
    record TooLong(int keys) implements Finished {
        @Override
        public Optional<String> forAgent() {
            return Optional.of(AGENT_TEXT_PREFIX + keys + " keys on the keypad, more than the " + MAX_KEYS
                    + " a number can have here, so they were not passed on.");
        }

        @Override
        public ConversationLine forRecord() {
            return new ConversationLine(Speaker.CALLER, "[typed " + keyCount(keys) + " on the keypad: too many, "
                    + "not passed on]");
        }
    }

    /** {@code 0} on its own: reserved for asking for a person, which no call can do yet; the agent hears nothing. */
    record AskedForPerson() implements Finished {
        @Override
        public Optional<String> forAgent() {
            return Optional.empty();
        }

        @Override
        public ConversationLine forRecord() {
            return new ConversationLine(Speaker.CALLER, "[pressed 0 on its own]");
        }
    }

    /**
     * {@code 9} on its own, on a call the pharmacy placed: the person wants no more calls. Acted on at once by the
     * server; the agent hears of it once the number is listed.
     */
    record NoMoreCalls() implements Finished {
        @Override
        public Optional<String> forAgent() {
            return Optional.empty();
        }

        @Override
        public ConversationLine forRecord() {
            return new ConversationLine(Speaker.CALLER, "[pressed 9 on its own: no more calls]");
        }
    }

    private final String callSid;
    private final boolean placedCall;
    private final long pauseNanos;
    private final StringBuilder digits = new StringBuilder(MAX_KEYS);
    /** Digits pressed in this entry, those beyond {@link #MAX_KEYS} included. */
    private int keys;
    private long lastKeyNanos;

    KeypadEntry(String callSid, Duration pause) {
        this(callSid, pause, false);
    }

    /** An entry on a call the pharmacy placed ({@code placedCall}), where 9 on its own stops the pharmacy's calls. */
    KeypadEntry(String callSid, Duration pause, boolean placedCall) {
        this.callSid = callSid;
        this.placedCall = placedCall;
        this.pauseNanos = pause.toNanos();
    }

    /** The caller pressed {@code key} at {@code now}; returns the entry it finished, if it finished one. */
    Optional<Finished> press(String key, long now) {
        char c = key != null && key.length() == 1 ? key.charAt(0) : '?';
        if (c >= '0' && c <= '9') {
            keys++;
            lastKeyNanos = now;
            if (keys <= MAX_KEYS) {
                digits.append(c);
            } else if (keys == MAX_KEYS + 1) {
                LOG.log(Level.WARNING, "[{0}] keypad entry longer than {1} keys; it will not be passed on",
                        callSid, MAX_KEYS);
            }
            return Optional.empty();
        }
        if (c == '#') {
            return finish();
        }
        if (c == '*') {
            if (keys > 0) {
                LOG.log(Level.DEBUG, "[{0}] caller cleared {1} typed on the keypad", callSid, keyCount(keys));
            }
            clear();
            return Optional.empty();
        }
        // A to D are real keys on some phones; anything else never comes from a keypad, so it is not echoed.
        boolean letterKey = (c >= 'A' && c <= 'D') || (c >= 'a' && c <= 'd');
        LOG.log(Level.INFO, "[{0}] ignored keypad key {1}: only 0-9, * and # are used", callSid,
                letterKey ? String.valueOf(c) : "that is not on a phone keypad");
        return Optional.empty();
    }

    /** The entry the caller finished by pausing, if they typed something and pressed nothing for the pause. */
    Optional<Finished> pauseOver(long now) {
        return keys > 0 && now - lastKeyNanos >= pauseNanos ? finish() : Optional.empty();
    }

    /** When the pause finishes the entry being typed, or empty when nothing is being typed. */
    OptionalLong pauseEndsAt() {
        return keys > 0 ? OptionalLong.of(lastKeyNanos + pauseNanos) : OptionalLong.empty();
    }

    private Optional<Finished> finish() {
        Optional<Finished> finished;
        if (keys == 0) {
            finished = Optional.empty();
        } else if (keys > MAX_KEYS) {
            finished = Optional.of(new TooLong(keys));
        } else if (keys == 1 && digits.charAt(0) == '0') {
            finished = Optional.of(new AskedForPerson());
        } else if (keys == 1 && digits.charAt(0) == '9' && placedCall) {
            finished = Optional.of(new NoMoreCalls());
        } else {
            finished = Optional.of(new Digits(digits.toString()));
        }
        clear();
        return finished;
    }

    private void clear() {
        digits.setLength(0);
        keys = 0;
    }

    private static String keyCount(int count) {
        return count == 1 ? "1 key" : count + " keys";
    }
}
