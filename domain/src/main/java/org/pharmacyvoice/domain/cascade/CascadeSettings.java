package org.pharmacyvoice.domain.cascade;

import java.time.Duration;
import java.util.Objects;

/**
 * How the cascaded agent copes with a language model that fails: the longest wait it accepts before asking again
 * when the model names one (a rate limit), how many replies in a row may fail before the call goes to the fallback,
 * and what the caller hears after a failed reply instead of silence.
 */
public record CascadeSettings(Duration longestRetryWait, int failedRepliesAllowed, String sorryWords) {

    public CascadeSettings {
        Objects.requireNonNull(longestRetryWait, "'longestRetryWait' must not be null");
        Objects.requireNonNull(sorryWords, "'sorryWords' must not be null");
        if (longestRetryWait.isNegative()) {
            throw new IllegalArgumentException("longestRetryWait must not be negative: " + longestRetryWait);
        }
        if (failedRepliesAllowed < 1) {
            throw new IllegalArgumentException("failedRepliesAllowed must be at least 1: " + failedRepliesAllowed);
        }
        if (sorryWords.isBlank()) {
            throw new IllegalArgumentException("sorryWords must say something");
        }
    }

    /**
     * A rate limit's wait is taken when it is at most 2 s (a caller notices a longer pause more than an apology);
     * the third failed reply in a row ends the conversation with the fallback.
     */
    public static CascadeSettings defaults() {
        return new CascadeSettings(Duration.ofSeconds(2), 3, "Sorry, I missed that. Could you say it again?");
    }
}
