package org.pharmacyvoice.domain.dispensary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillChange;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/** Staff working through the refill queue. */
class RefillWorkTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final Instant NOW = Instant.parse("2026-06-15T14:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);

    private final InMemoryDispensary records = new InMemoryDispensary();
    private final Dispensary dispensary = Dispensary.open(records, records, records, records, records,
            new RefillPolicy(RefillRules.standard(), OpeningHours.parse("Mon-Sun 08:00-20:00", ZONE),
                    Duration.ofHours(1)), Clock.fixed(NOW, ZONE));

    private Refill queued(RefillStatus status) {
        records.patient(1, "Ruth", "Okafor", LocalDate.of(1961, 3, 3));
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 2, 30,
                TODAY.minusDays(40));
        Refill refill = records.queuedElsewhere(new NewRefill("1000001", 1, NOW, NOW, Optional.empty()));
        records.colleagueSets(refill.id(), status);
        return refill;
    }

    private RefillChange move(long id, RefillStatus next) {
        return dispensary.refillQueue().changeRefillStatus(id, next);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PENDING, READY", "READY, PICKED_UP", "PENDING, CANCELLED", "READY, CANCELLED"})
    void allowedMovesAreMade(RefillStatus from, RefillStatus to) {
        Refill refill = queued(from);

        RefillChange change = move(refill.id(), to);

        assertThat(change, instanceOf(RefillChange.Changed.class));
        assertThat(records.refill(refill.id()).orElseThrow().status(), is(to));
        assertThat(records.refill(refill.id()).orElseThrow().updatedAt(), equalTo(NOW));
    }

    @Test
    void pickingUpRecordsTheFillDateTooSoonCountsFrom() {
        Refill refill = queued(RefillStatus.READY);

        move(refill.id(), RefillStatus.PICKED_UP);

        assertThat(records.prescription("1000001").orElseThrow().lastFilledOn(), equalTo(Optional.of(TODAY)));
        assertThat(records.prescription("1000001").orElseThrow().refillsRemaining(), is(2));
    }

    @Test
    void cancellingGivesTheRefillBack() {
        Refill refill = queued(RefillStatus.PENDING);

        move(refill.id(), RefillStatus.CANCELLED);

        assertThat(records.prescription("1000001").orElseThrow().refillsRemaining(), is(3));
        assertThat(records.prescription("1000001").orElseThrow().lastFilledOn(),
                equalTo(Optional.of(TODAY.minusDays(40))));
    }

    @Test
    void aMoveTheRulesForbidSaysWhy() {
        Refill refill = queued(RefillStatus.PICKED_UP);

        var change = (RefillChange.NotAllowed) move(refill.id(), RefillStatus.PENDING);

        assertThat(change.reason(), equalTo("Refill 1 is picked up, and a picked up refill can't be changed."));
        var early = (RefillChange.NotAllowed) move(queued(RefillStatus.PENDING).id(), RefillStatus.PICKED_UP);
        assertThat(early.reason(), equalTo("Refill 2 is pending: it can only become ready or cancelled, not picked_up."));
    }

    @Test
    void aColleagueMovingItFirstIsDecidedAgain() {
        Refill refill = queued(RefillStatus.PENDING);
        records.beforeNextWrite(() -> records.colleagueSets(refill.id(), RefillStatus.READY));

        RefillChange change = move(refill.id(), RefillStatus.READY);

        assertThat(change, instanceOf(RefillChange.AlreadyThere.class));
    }

    @Test
    void anUnknownRefillIsSaidToBeUnknown() {
        assertThat(move(99, RefillStatus.READY), equalTo(new RefillChange.NoSuchRefill(99)));
    }
}
