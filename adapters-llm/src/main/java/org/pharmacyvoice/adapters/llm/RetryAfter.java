package org.pharmacyvoice.adapters.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long the service asked us to wait before asking again, read as the OpenAI SDKs read it: OpenAI's and Azure's
 * {@code retry-after-ms} (milliseconds, maybe with a fraction) first, then the standard {@code Retry-After} as
 * seconds (a fraction allowed) or as an HTTP date. Anything unreadable, negative or longer than a day is no answer.
 */
final class RetryAfter {

    /** Longer than any rate-limit window the services document (a day's token quota resets within one). */
    static final Duration LONGEST = Duration.ofDays(1);

    private RetryAfter() {
    }

    /** The wait the headers ask for, {@code now} being when the answer arrived (for an HTTP date). */
    static Optional<Duration> from(Optional<String> retryAfterMs, Optional<String> retryAfter, Instant now) {
        Optional<Duration> millis = retryAfterMs.flatMap(value -> number(value, 1_000_000L));
        if (millis.isPresent()) {
            return millis;
        }
        return retryAfter.flatMap(value -> number(value, 1_000_000_000L).or(() -> date(value, now)));
    }

    /** A non-negative decimal number of units, each {@code nanosPerUnit} long. */
    private static Optional<Duration> number(String text, long nanosPerUnit) {
        String value = text.strip();
        if (!value.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
            return Optional.empty();
        }
        double units = Double.parseDouble(value);
        return within(Duration.ofNanos(Math.round(units * nanosPerUnit)));
    }

    private static Optional<Duration> date(String text, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return within(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> within(Duration wait) {
        return wait.isNegative() || wait.compareTo(LONGEST) > 0 ? Optional.empty() : Optional.of(wait);
    }
}
