package org.pharmacyvoice.adapters.twilio;

import java.util.Objects;

/**
 * What every caller from the phone network hears before the assistant answers, as many pharmacy lines play, e.g.
 * "This call may be recorded or monitored."; none by default. Twilio says it with {@code <Say>} ahead of
 * {@code <Connect>}.
 */
public record CallNotice(String text) {

    /** No notice: the call is connected at once. */
    public static final CallNotice NONE = new CallNotice("");
    /** A sentence or two; well under Twilio's shortest {@code <Say>} limit (3,000 characters with Polly voices). */
    static final int MAX_CHARACTERS = 1000;

    public CallNotice {
        text = Objects.requireNonNull(text, "'text' must not be null").strip();
        if (text.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException("the call notice is " + text.length() + " characters long; keep it to "
                    + MAX_CHARACTERS + " (a sentence or two)");
        }
    }

    /** Whether there is anything to say. */
    public boolean isSet() {
        return !text.isEmpty();
    }
}
