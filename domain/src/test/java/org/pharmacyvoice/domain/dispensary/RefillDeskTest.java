package org.pharmacyvoice.domain.dispensary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase.RequestRefill;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.PrescriptionList;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillOutcome;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.prescription.RefillSight;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.RenewalReason;
import org.pharmacyvoice.domain.prescription.Schedule;

/** Refills by phone: every exit of the rules, idempotency, races, and nothing for an unverified caller. */
class RefillDeskTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** Monday 2026-06-15, 10:00 in New York. */
    private static final Instant NOW = LocalDateTime.of(2026, 6, 15, 10, 0).atZone(ZONE).toInstant();
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final LocalDate BORN = LocalDate.of(1961, 3, 3);

    private final InMemoryDispensary records = new InMemoryDispensary();
    private final RefillPolicy policy = new RefillPolicy(RefillRules.standard(),
            OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", ZONE), Duration.ofHours(2));
    private final Dispensary dispensary = Dispensary.open(records, records, records, records, records, policy,
            Clock.fixed(NOW, ZONE));
    private final CallerIdentity caller = new CallerIdentity("CA1");
    private final Patient ruth = records.patient(1, "Ruth", "Okafor", BORN, "+12025550101");

    private void verify() {
        dispensary.verifyCaller().verifyCaller(IdentityClaim.of("Ruth Okafor", BORN), caller);
    }

    private RefillOutcome refill(String rx, String toolCallId) {
        return dispensary.requestRefill().requestRefill(new RequestRefill(rx, caller, toolCallId, "CA1"));
    }

    @Test
    void anUnverifiedCallerGetsNothingAndNothingIsQueued() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 5, 30, null);

        assertThat(refill("1000001", "fc-1"), equalTo(new RefillOutcome.NotVerified(false)));
        assertThat(dispensary.checkRefill().refillStatus("1000001", caller),
                equalTo(new RefillSight.NotVerified(false)));
        assertThat(dispensary.listPrescriptions().prescriptionsOf(caller),
                equalTo(new PrescriptionList.NotVerified(false)));
        assertThat(records.refills(), is(empty()));
    }

    @Test
    void aLockedOutCallerIsToldSo() {
        for (int i = 1; i <= 3; i++) {
            dispensary.verifyCaller().verifyCaller(IdentityClaim.of("Ruth Okafor", BORN.plusDays(i)), caller);
        }

        assertThat(refill("1000001", "fc-1"), equalTo(new RefillOutcome.NotVerified(true)));
    }

    @Test
    void anAllowedRefillIsQueuedReadyAfterThePreparationTimeAndTakesOneRefill() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30,
                TODAY.minusDays(25));
        verify();

        var outcome = (RefillOutcome.Queued) refill("Rx 100-0001", "fc-1");

        Refill queued = outcome.refill();
        assertThat(queued.status(), is(RefillStatus.PENDING));
        assertThat(queued.patientId(), is(1L));
        assertThat(queued.readyBy(), equalTo(NOW.plus(Duration.ofHours(2))));
        assertThat(queued.toolCallId(), equalTo(Optional.of("fc-1")));
        assertThat(outcome.prescription().refillsRemaining(), is(2));
        assertThat(records.prescription("1000001").orElseThrow().refillsRemaining(), is(2));
        assertThat(records.committed(), is(1L));
    }

    @Test
    void theSameRequestRepeatedQueuesOnce() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        verify();

        RefillOutcome first = refill("1000001", "fc-1");
        RefillOutcome again = refill("1000001", "fc-1");

        assertThat(again, equalTo(first));
        assertThat(records.refills(), hasSize(1));
        assertThat(records.prescription("1000001").orElseThrow().refillsRemaining(), is(2));
    }

    @Test
    void aRaceWithARepeatOfTheSameRequestAnswersWithTheWinnersRefill() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        verify();
        records.beforeNextWrite(() -> records.queuedElsewhere(new NewRefill("1000001", 1, NOW, NOW,
                Optional.of("fc-1"))));

        // The racing copy wrote first: ours takes the refill, fails on the unique id, rolls back, answers with theirs.
        RefillOutcome outcome = refill("1000001", "fc-1");

        assertThat(outcome, instanceOf(RefillOutcome.Queued.class));
        assertThat(((RefillOutcome.Queued) outcome).refill().id(), is(1L));
        assertThat(records.rolledBack(), is(1L));
        assertThat(records.refills(), hasSize(1));
    }

    @Test
    void aSecondRequestForAPrescriptionWithAnOpenRefillAddsNothing() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        verify();
        var first = (RefillOutcome.Queued) refill("1000001", "fc-1");

        RefillOutcome second = refill("1000001", "fc-2");

        assertThat(second, instanceOf(RefillOutcome.AlreadyQueued.class));
        assertThat(((RefillOutcome.AlreadyQueued) second).refill(), equalTo(first.refill()));
        assertThat(records.refills(), hasSize(1));
    }

    @Test
    void twoRefillsInOneCall() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        records.prescription("1000002", 1, "lisinopril", Schedule.NONE, TODAY.minusMonths(2), 5, 5, 30, null);
        verify();

        assertThat(refill("1000001", "fc-1"), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("1000002", "fc-2"), instanceOf(RefillOutcome.Queued.class));
        assertThat(records.refills().stream().map(Refill::rxNumber).toList(), contains("1000001", "1000002"));
    }

    @Test
    void scheduleTwoNeedsANewPrescription() {
        records.prescription("1000001", 1, "oxycodone-acetaminophen", Schedule.II, TODAY.minusDays(20), 0, 0, 7,
                TODAY.minusDays(20));
        verify();

        assertThat(refill("1000001", "fc-1"), instanceOf(RefillOutcome.NeedsNewPrescription.class));
        assertThat(records.refills(), is(empty()));
        assertThat("no renewal request for Schedule II: the pharmacist handles it", records.renewals(), is(empty()));
    }

    @Test
    void tooSoonSaysTheDayItCanBeFilled() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30,
                TODAY.minusDays(5));
        verify();

        RefillOutcome outcome = refill("1000001", "fc-1");

        assertThat(((RefillOutcome.TooSoon) outcome).earliest(), equalTo(TODAY.plusDays(18)));
        assertThat(records.refills(), is(empty()));
    }

    @Test
    void noRefillsLeftAsksThePrescriberOnceHoweverOftenTheCallerAsks() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 2, 0, 30,
                TODAY.minusDays(40));
        verify();

        var first = (RefillOutcome.RenewalRequested) refill("1000001", "fc-1");
        var second = (RefillOutcome.RenewalRequested) refill("1000001", "fc-2");

        assertThat(first.request().reason(), is(RenewalReason.NO_REFILLS_LEFT));
        assertThat(first.request().prescriber(), equalTo("Dr. Ana Ruiz"));
        assertThat(second.request(), equalTo(first.request()));
        assertThat(records.renewals(), hasSize(1));
        assertThat(records.refills(), is(empty()));
    }

    @Test
    void anExpiredPrescriptionAsksForARenewal() {
        records.prescription("1000001", 1, "alprazolam", Schedule.IV, TODAY.minusMonths(7), 5, 4, 30,
                TODAY.minusDays(40));
        verify();

        var outcome = (RefillOutcome.RenewalRequested) refill("1000001", "fc-1");

        assertThat(outcome.request().reason(), is(RenewalReason.EXPIRED));
    }

    @Test
    void anotherPatientsPrescriptionLooksLikeOneThatDoesNotExist() {
        records.patient(2, "Sam", "Lee", LocalDate.of(1990, 1, 1));
        records.prescription("1000009", 2, "sertraline", Schedule.NONE, TODAY.minusMonths(1), 5, 5, 30, null);
        verify();

        assertThat(refill("1000009", "fc-1"), equalTo(new RefillOutcome.NotOnFile("1000009")));
        assertThat(refill("9999999", "fc-2"), equalTo(new RefillOutcome.NotOnFile("9999999")));
        assertThat(dispensary.checkRefill().refillStatus("1000009", caller),
                equalTo(new RefillSight.NotOnFile("1000009")));
        assertThat(records.refills(), is(empty()));
    }

    @Test
    void aRepeatedToolCallIdOfAnotherPatientsRefillIsNotAnAnswer() {
        records.patient(2, "Sam", "Lee", LocalDate.of(1990, 1, 1));
        records.prescription("1000009", 2, "sertraline", Schedule.NONE, TODAY.minusMonths(1), 5, 5, 30, null);
        records.queuedElsewhere(new NewRefill("1000009", 2, NOW, NOW, Optional.of("fc-1")));
        verify();

        assertThat(refill("1000001", "fc-1"), equalTo(new RefillOutcome.NotOnFile("1000001")));
    }

    @Test
    void aRefillAskedForAfterClosingIsPromisedForTheNextOpening() {
        Instant evening = LocalDateTime.of(2026, 6, 15, 18, 30).atZone(ZONE).toInstant();
        var late = Dispensary.open(records, records, records, records, records, policy, Clock.fixed(evening, ZONE));
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        late.verifyCaller().verifyCaller(IdentityClaim.of("Ruth Okafor", BORN), caller);

        var outcome = (RefillOutcome.Queued) late.requestRefill().requestRefill(
                new RequestRefill("1000001", caller, "fc-1", "CA1"));

        assertThat(outcome.refill().readyBy(), equalTo(LocalDateTime.of(2026, 6, 16, 10, 30).atZone(ZONE).toInstant()));
    }

    @Test
    void aRefillAskedForTheEveningBeforeAHolidayIsPromisedForTheDayAfterIt() {
        // Thursday 2026-12-24 at 18:30: half an hour left, Friday is a holiday, Saturday opens at 9.
        Instant christmasEve = LocalDateTime.of(2026, 12, 24, 18, 30).atZone(ZONE).toInstant();
        var holidays = new RefillPolicy(RefillRules.standard(),
                OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", "2026-12-25", ZONE), Duration.ofHours(2));
        var desk = Dispensary.open(records, records, records, records, records, holidays,
                Clock.fixed(christmasEve, ZONE));
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, LocalDate.of(2026, 10, 1), 5, 3, 30, null);
        desk.verifyCaller().verifyCaller(IdentityClaim.of("Ruth Okafor", BORN), caller);

        var outcome = (RefillOutcome.Queued) desk.requestRefill().requestRefill(
                new RequestRefill("1000001", caller, "fc-1", "CA1"));

        assertThat(outcome.refill().readyBy(), equalTo(LocalDateTime.of(2026, 12, 26, 10, 30).atZone(ZONE).toInstant()));
    }

    @Test
    void statusTellsTheLatestRefillAndTheRefillsLeft() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        verify();
        var queued = (RefillOutcome.Queued) refill("1000001", "fc-1");

        var sight = (RefillSight.Found) dispensary.checkRefill().refillStatus("1000001", caller);

        assertThat(sight.latestRefill(), equalTo(Optional.of(queued.refill())));
        assertThat(sight.refillsLeft(), is(2));
        assertThat(sight.openRenewal(), equalTo(Optional.empty()));
    }

    @Test
    void aVerifiedCallerListsTheirOwnPrescriptionsOnly() {
        records.patient(2, "Sam", "Lee", LocalDate.of(1990, 1, 1));
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        records.prescription("1000009", 2, "sertraline", Schedule.NONE, TODAY.minusMonths(1), 5, 5, 30, null);
        verify();

        var listed = (PrescriptionList.Listed) dispensary.listPrescriptions().prescriptionsOf(caller);

        assertThat(listed.prescriptions().stream().map(p -> p.rxNumber()).toList(), equalTo(List.of("1000001")));
        assertThat(listed.refillsLeft(), equalTo(List.of(3)));
    }

    @Test
    void aDuplicateToolCallThatIsNotOursIsReportedNotSwallowed() {
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, TODAY.minusMonths(2), 5, 3, 30, null);
        records.patient(2, "Sam", "Lee", LocalDate.of(1990, 1, 1));
        verify();
        // Another patient's refill takes the id between our look and our write: not an answer for Ruth.
        records.beforeNextWrite(() -> records.queuedElsewhere(new NewRefill("1000009", 2, NOW, NOW,
                Optional.of("fc-1"))));

        assertThrows(ToolCallAlreadyOrdered.class, () -> refill("1000001", "fc-1"));
        assertThat("the refill taken in the failed unit of work is back",
                records.prescription("1000001").orElseThrow().refillsRemaining(), is(3));
    }
}
