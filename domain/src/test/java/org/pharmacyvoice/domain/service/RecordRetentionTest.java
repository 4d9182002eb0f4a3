package org.pharmacyvoice.domain.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.model.CallRecord;
import org.pharmacyvoice.domain.port.out.CallHistory;

class RecordRetentionTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    /** Remembers each cutoff it is asked to forget before; fails when told to. */
    private static final class History implements CallHistory {
        final List<Instant> cutoffs = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public List<CallRecord> recent(int limit) {
            return List.of();
        }

        @Override
        public Optional<CallRecord> find(String callSid) {
            return Optional.empty();
        }

        @Override
        public int forgetBefore(Instant cutoff) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            cutoffs.add(cutoff);
            return 7;
        }
    }

    @Test
    void recordsOlderThanTheRetentionPeriodAreForgotten() {
        var history = new History();

        int forgotten = new RecordRetention(history, Duration.ofDays(90), NOW).purge();

        assertThat(forgotten, equalTo(7));
        assertThat(history.cutoffs, contains(Instant.parse("2026-08-23T12:00:00Z")));
    }

    @Test
    void aFailingDatabaseIsLoggedAndTriedAgainNextTimeWithoutThrowing() {
        var history = new History();
        var retention = new RecordRetention(history, Duration.ofDays(30), NOW);
        history.failing = true;

        assertThat(retention.purge(), equalTo(0));
        history.failing = false;
        assertThat(retention.purge(), equalTo(7));
    }

    @Test
    void aRetentionPeriodMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecordRetention(new History(), Duration.ZERO, NOW));
    }
}
