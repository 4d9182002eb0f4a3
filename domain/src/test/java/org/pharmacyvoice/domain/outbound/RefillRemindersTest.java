package org.pharmacyvoice.domain.outbound;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.fakes.InMemoryOutbound;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Schedule;

/** Reminders before a fill runs out: within the days ahead, one per fill, not while a refill is queued. */
class RefillRemindersTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** 23:30 on 14 June in New York: already the 15th in UTC, so "today" must be the pharmacy's. */
    private static final Instant NOW = Instant.parse("2026-06-15T03:30:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 14);

    private final InMemoryDispensary records = new InMemoryDispensary();
    private final InMemoryOutbound outbound = new InMemoryOutbound();
    private final MovableClock clock = new MovableClock(NOW);
    private final RefillReminders reminders = new RefillReminders(outbound, records, records, outbound, ZONE,
            RefillReminders.DEFAULT_DAYS_AHEAD, clock);

    private void remindable(String rx, int remaining, int daysSupply, LocalDate filled) {
        outbound.remindable(records.prescription(rx, 1, "atorvastatin", Schedule.NONE, LocalDate.of(2026, 1, 2), 5,
                remaining, daysSupply, filled));
    }

    @Test
    void fillsRunningOutWithinThreeDaysAreRemindedOfOnceEach() {
        records.patient(1, "Ruth", "Okafor", LocalDate.of(1961, 3, 3), "+15551230001");
        remindable("1000001", 2, 30, TODAY.minusDays(30));   // runs out today
        remindable("1000002", 2, 30, TODAY.minusDays(27));   // in three days
        remindable("1000003", 2, 30, TODAY.minusDays(26));   // in four days: too early
        remindable("1000004", 2, 30, TODAY.minusDays(31));   // ran out yesterday: past
        remindable("1000005", 0, 30, TODAY.minusDays(29));   // no refills left
        remindable("1000006", 2, 30, null);                  // never filled
        remindable("1000007", 2, 30, TODAY.minusDays(29));   // a refill is already queued
        records.queuedElsewhere(new NewRefill("1000007", 1, NOW, NOW, Optional.empty()));

        var first = reminders.queueReminders();
        var second = reminders.queueReminders();

        assertThat(first.stream().map(q -> q.notification().subject()).toList(), containsInAnyOrder(
                new Subject.RunningOut("1000001", TODAY.minusDays(30)),
                new Subject.RunningOut("1000002", TODAY.minusDays(27))));
        assertThat(first.stream().map(Queued::isNew).toList(), everyItem(is(true)));
        assertThat(second.stream().map(Queued::isNew).toList(), everyItem(is(false)));
        assertThat(outbound.list(Optional.empty(), 10), hasSize(2));
        assertThat(outbound.list(Optional.empty(), 10).get(0).kind(), is(NotificationKind.REFILL_REMINDER));
    }

    @Test
    void theNextFillIsRemindedOfAgain() {
        records.patient(1, "Ruth", "Okafor", LocalDate.of(1961, 3, 3), "+15551230001");
        remindable("1000001", 2, 30, TODAY.minusDays(29));
        reminders.queueReminders();

        remindable("1000001", 1, 30, TODAY.plusDays(1));
        clock.set(NOW.plus(java.time.Duration.ofDays(29)));
        var next = reminders.queueReminders();

        assertThat(next, hasSize(1));
        assertThat(next.get(0).isNew(), is(true));
        assertThat(outbound.list(Optional.empty(), 10), hasSize(2));
    }

    @Test
    void aPatientWithoutANumberIsNotReminded() {
        records.patient(1, "Ruth", "Okafor", LocalDate.of(1961, 3, 3));
        remindable("1000001", 2, 30, TODAY.minusDays(29));

        assertThat(reminders.queueReminders(), hasSize(0));
    }
}
