package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.RecordingCallHistory;

/** CALL_RECORDS_RETENTION_DAYS as the server reads it, and the schedule it starts. */
class RetentionScheduleTest {

    @Test
    void recordsAreKeptNinetyDaysUnlessConfiguredAndZeroOrLessMeansForever() {
        assertThat(TestSettings.of(Map.of()).callRecordRetention(), equalTo(Duration.ofDays(90)));
        assertThat(TestSettings.of(Map.of("call.records.retention.days", "7")).callRecordRetention(),
                equalTo(Duration.ofDays(7)));
        assertThat(TestSettings.of(Map.of("call.records.retention.days", "0")).callRecordRetention(), equalTo(Duration.ZERO));
        assertThat(TestSettings.of(Map.of("call.records.retention.days", "-3")).callRecordRetention(),
                equalTo(Duration.ZERO));
    }

    @Test
    void aRetentionPeriodPurgesAtOnceWithItsCutoff() throws Exception {
        var history = new RecordingCallHistory(0);
        Instant before = Instant.now();

        try (var schedule = RetentionSchedule.start(history, Duration.ofDays(7))) {
            Instant cutoff = history.cutoffs.poll(5, TimeUnit.SECONDS);

            assertThat(Duration.between(before.minus(Duration.ofDays(7)), cutoff).abs(),
                    lessThan(Duration.ofSeconds(5)));
        }
    }

    @Test
    void keepingForeverNeverPurges() throws Exception {
        var history = new RecordingCallHistory(0);

        try (var schedule = RetentionSchedule.start(history, Duration.ZERO)) {
            assertThat(history.cutoffs.poll(300, TimeUnit.MILLISECONDS), equalTo(null));
        }
        assertThat(List.copyOf(history.cutoffs), empty());
    }
}
