package org.pharmacyvoice.adapters.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wait a rate-limited answer asks for, read as the OpenAI SDKs read it. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");

    private static Optional<Duration> wait(String millis, String seconds) {
        return RetryAfter.from(Optional.ofNullable(millis), Optional.ofNullable(seconds), NOW);
    }

    @Test
    void seconds_fractions_milliseconds_and_dates() {
        assertEquals(Optional.of(Duration.ofSeconds(20)), wait(null, "20"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), wait(null, " 1.5 "));
        assertEquals(Optional.of(Duration.ofMillis(250)), wait("250", "20"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), wait(null, "Tue, 01 Dec 2026 06:00:30 GMT"));
        assertEquals(Optional.of(Duration.ZERO), wait(null, "Tue, 01 Dec 2026 05:00:00 GMT"));
    }

    @Test
    void unreadable_negative_or_absurd_waits_are_no_answer() {
        assertEquals(Optional.empty(), wait(null, null));
        assertEquals(Optional.empty(), wait(null, "-5"));
        assertEquals(Optional.empty(), wait(null, "soon"));
        assertEquals(Optional.empty(), wait(null, "1e3"));
        assertEquals(Optional.empty(), wait(null, "999999999999"));
        assertEquals(Optional.empty(), wait("NaN", null));
        assertEquals(Optional.of(Duration.ofSeconds(3)), wait("garbage", "3"));
    }
}
