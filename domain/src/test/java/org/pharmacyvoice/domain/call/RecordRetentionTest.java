package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.RecordingCallHistory;

class RecordRetentionTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void recordsOlderThanTheRetentionPeriodAreForgotten() {
        var history = new RecordingCallHistory(7);

        int forgotten = new RecordRetention(history, Duration.ofDays(90), NOW).purge();

        assertThat(forgotten, equalTo(7));
        assertThat(history.cutoffs, contains(Instant.parse("2026-08-23T12:00:00Z")));
    }

    @Test
    void aFailingDatabaseIsLoggedAndTriedAgainNextTimeWithoutThrowing() {
        var history = new RecordingCallHistory(7);
        var retention = new RecordRetention(history, Duration.ofDays(30), NOW);
        history.failing(true);

        assertThat(retention.purge(), equalTo(0));
        history.failing(false);
        assertThat(retention.purge(), equalTo(7));
    }

    @Test
    void aRetentionPeriodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecordRetention(new RecordingCallHistory(7), Duration.ZERO, NOW));
    }
}
