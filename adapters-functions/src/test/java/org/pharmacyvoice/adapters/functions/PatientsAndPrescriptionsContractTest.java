package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.PrescriptionStatus;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.RenewalReason;
import org.pharmacyvoice.domain.prescription.RenewalRequest;
import org.pharmacyvoice.domain.prescription.Schedule;

/**
 * The dispensary's ports, {@link PatientRegistry}, {@link PrescriptionFile}, {@link RefillQueue} and
 * {@link RenewalRequests}, with {@link Transactions}, against a real database: what the in-memory fake of the domain's
 * tests promises, the database keeps. Subclasses only say which database, so the contract holds on H2 and PostgreSQL.
 */
abstract class PatientsAndPrescriptionsContractTest {

    static final LocalDate TODAY = LocalDate.parse("2026-03-14");
    static final Instant MORNING = Instant.parse("2026-03-14T14:00:00Z");
    static final int RACERS = 8;

    PharmacyDatabase database;
    private PatientRegistry patients;
    private PrescriptionFile prescriptions;
    private RefillQueue queue;
    private RenewalRequests renewals;
    private Transactions transactions;

    /** Settings of a database with nothing in it, new for each test. */
    abstract DatabaseSettings emptyDatabase() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        database = PharmacyDatabase.open(emptyDatabase());
        patients = database.patients();
        prescriptions = database.prescriptions();
        queue = database.refillQueue();
        renewals = database.renewalRequests();
        transactions = database.transactions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    // --- patients

    @Test
    void bornOnFindsEveryPatientBornThatDayWithTheirNumbersInTheOrderOnFile() {
        Patient first = patient("Maria", "Lopez", "1979-09-03", "+13125550115", "+17735550199");
        Patient second = patient("Maria", "Lopez", "1979-09-03", "+17735550116");
        patient("Mario", "Lopez", "1979-09-04", "+13125550117");

        List<Patient> born = patients.bornOn(LocalDate.parse("1979-09-03"));

        assertThat(born, contains(first, second));
        assertThat(born.getFirst().phoneNumbers(), contains("+13125550115", "+17735550199"));
        assertThat(patients.bornOn(LocalDate.parse("1979-09-05")), is(empty()));
    }

    @Test
    void failedVerificationsAreCountedPerPatientSinceATimeAndThoseOlderThanAMonthGo() {
        Patient ruth = patient("Ruth", "Okafor", "1961-03-03", "+13125550131");
        Patient other = patient("Ruth", "Okafor", "1962-03-03", "+13125550132");
        Instant now = Instant.parse("2026-12-01T15:00:00Z");

        patients.failedVerification(ruth.id(), now.minus(Duration.ofDays(40)));
        patients.failedVerification(ruth.id(), now.minus(Duration.ofHours(30)));
        patients.failedVerification(ruth.id(), now.minus(Duration.ofHours(2)));
        patients.failedVerification(ruth.id(), now);
        patients.failedVerification(other.id(), now);

        assertThat(patients.failedVerificationsSince(ruth.id(), now.minus(Duration.ofHours(24))), is(2));
        assertThat(patients.failedVerificationsSince(ruth.id(), now), is(1));
        assertThat("a month back is all that is kept", patients.failedVerificationsSince(ruth.id(), Instant.EPOCH),
                is(3));
        assertThat(patients.failedVerificationsSince(other.id(), Instant.EPOCH), is(1));
    }

    @Test
    void patientByIdHasEveryFactAsFiled() {
        Patient filed = patient("Siobhán", "O'Connor", "1991-03-17", "+13125550121", "+13125550122");

        Patient found = patients.patient(filed.id()).orElseThrow();

        assertThat(found, is(new Patient(filed.id(), "Siobhán", "O'Connor", LocalDate.parse("1991-03-17"),
                List.of("+13125550121", "+13125550122"))));
        assertThat(patients.patient(424_242), is(Optional.empty()));
    }

    @Test
    void aPatientWithoutNumbersOnFileHasNone() {
        Patient filed = patient("Theo", "Marsh", "1990-01-15");

        assertThat(patients.patient(filed.id()).orElseThrow().phoneNumbers(), is(empty()));
        assertThat(patients.search("", "555", 10), is(empty()));
    }

    @Test
    void searchMatchesTheStartOfFirstOrLastNameInAnyCaseByLastNameThenFirstName() {
        Patient garrett = patient("Garrett", "Young", "1970-01-01", "+13125550101");
        Patient ana = patient("Ana", "Garcia", "1980-01-01", "+13125550102");
        Patient bruno = patient("Bruno", "Garcia", "1981-01-01", "+13125550103");
        patient("Edgar", "Ruiz", "1982-01-01", "+13125550104");

        assertThat(ids(patients.search("GAR", "", 10)), contains(ana.id(), bruno.id(), garrett.id()));
        assertThat(ids(patients.search("gar", "", 2)), contains(ana.id(), bruno.id()));
        assertThat(ids(patients.search("garcia", "", 10)), contains(ana.id(), bruno.id()));
        assertThat("a name is matched from its start only", patients.search("arc", "", 10), is(empty()));
    }

    @Test
    void emptyNameMatchesEveryPatientByLastNameUpToTheLimit() {
        Patient young = patient("Garrett", "Young", "1970-01-01", "+13125550101");
        Patient adams = patient("Zoe", "Adams", "1980-01-01", "+13125550102");
        Patient moss = patient("Ada", "Moss", "1981-01-01");

        assertThat(ids(patients.search("", "", 10)), contains(adams.id(), moss.id(), young.id()));
        assertThat(ids(patients.search("", "", 1)), contains(adams.id()));
    }

    @Test
    void searchByPhoneMatchesDigitsAnywhereInAnyNumberOnFileWithOrWithoutTheCountryCode() {
        Patient marcus = patient("Marcus", "Bell", "1975-07-09", "+13125550102", "+17735550177");
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");

        assertThat(ids(patients.search("", "7735550177", 10)), contains(marcus.id()));
        assertThat(ids(patients.search("", "17735550177", 10)), contains(marcus.id()));
        assertThat(ids(patients.search("", "5550103", 10)), contains(rosa.id()));
        assertThat(ids(patients.search("", "312555", 10)), contains(marcus.id(), rosa.id()));
        assertThat(ids(patients.search("ros", "312555", 10)), contains(rosa.id()));
        assertThat(patients.search("bell", "5550103", 10), is(empty()));
        assertThat(patients.search("", "4155550100", 10), is(empty()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%", "_", "!", "Bel_", "%ell"})
    void wildcardsInASearchMatchOnlyThemselves(String name) {
        patient("Marcus", "Bell", "1975-07-09", "+13125550102");

        assertThat(patients.search(name, "", 10), is(empty()));
        assertThat(patients.search("", name, 10), is(empty()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"312-555-0101", "13125550101", "+1 312 555 0101", "+1", "+1312555010x"})
    void aNumberNotInE164IsRefused(String number) {
        assertThrows(RuntimeException.class, () -> patient("Marcus", "Bell", "1975-07-09", number));

        assertThat(count("SELECT COUNT(*) FROM patient"), is(0L));
    }

    // --- prescriptions

    @Test
    void prescriptionHasEveryFactAndTheFormularysGenericName() {
        Patient eleanor = patient("Eleanor", "Whitfield", "1948-03-22", "+13125550101");
        var filed = new Prescription("1000001", eleanor.id(), drugId("atorvastatin"), "what the caller says",
                "20 mg", "Take 1 tablet by mouth once a day at bedtime.", "Dr. Ana Ruiz", TODAY.minusMonths(2), 5, 3,
                30, Optional.of(TODAY.minusDays(25)), Schedule.NONE, PrescriptionStatus.ACTIVE);
        file(filed);

        Prescription found = prescriptions.prescription("1000001").orElseThrow();

        assertThat(found.drugName(), is("atorvastatin"));
        assertThat(found, is(new Prescription("1000001", eleanor.id(), drugId("atorvastatin"), "atorvastatin",
                "20 mg", "Take 1 tablet by mouth once a day at bedtime.", "Dr. Ana Ruiz", TODAY.minusMonths(2), 5, 3,
                30, Optional.of(TODAY.minusDays(25)), Schedule.NONE, PrescriptionStatus.ACTIVE)));
        assertThat(prescriptions.prescription("9999999"), is(Optional.empty()));
    }

    @Test
    void everyScheduleAndStatusAndANeverFilledPrescriptionReadBackAsFiled() {
        Patient marcus = patient("Marcus", "Bell", "1975-07-09", "+13125550102");
        var codes = new ArrayList<Prescription>();
        int rx = 2000001;
        for (Schedule schedule : Schedule.values()) {
            for (PrescriptionStatus status : PrescriptionStatus.values()) {
                codes.add(file(new Prescription(Integer.toString(rx++), marcus.id(), drugId("tramadol"), "tramadol",
                        "50 mg", "Take 1 tablet.", "Dr. Samuel Okafor", TODAY, 0, 0, 10, Optional.empty(), schedule,
                        status)));
            }
        }

        for (Prescription filed : codes) {
            assertThat(prescriptions.prescription(filed.rxNumber()), is(Optional.of(filed)));
        }
        assertThat(codes.getFirst().lastFilledOn(), is(Optional.empty()));
    }

    @Test
    void aPatientsPrescriptionsAreNewestWrittenFirstAndOnlyTheirs() {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        Patient theo = patient("Theo", "Marsh", "1990-01-15", "+13125550104");
        file(rx("1000008", rosa, "losartan", TODAY.minusMonths(8), 3, 0, null));
        file(rx("1000010", rosa, "metformin", TODAY.minusMonths(2), 5, 5, null));
        file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(8), 3, 1, null));
        file(rx("1000011", theo, "escitalopram", TODAY.minusMonths(1), 5, 3, null));

        assertThat(rxNumbers(prescriptions.ofPatient(rosa.id())), contains("1000010", "1000008", "1000009"));
        assertThat(rxNumbers(prescriptions.ofPatient(theo.id())), contains("1000011"));
        assertThat(prescriptions.ofPatient(424_242), is(empty()));
    }

    @Test
    void takeRefillTakesOneOnlyWhileTheExpectedNumberIsLeftAndNeverBelowNone() {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(2), 3, 2, null));

        assertThat(prescriptions.takeRefill("1000009", 2), is(true));
        assertThat("someone took one first", prescriptions.takeRefill("1000009", 2), is(false));
        assertThat(remaining("1000009"), is(1));
        assertThat(prescriptions.takeRefill("1000009", 1), is(true));
        assertThat(prescriptions.takeRefill("1000009", 0), is(false));
        assertThat(remaining("1000009"), is(0));
        assertThat(prescriptions.takeRefill("9999999", 1), is(false));
    }

    @Test
    void aReturnedRefillComesBackButNeverBeyondWhatWasAuthorised() {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(2), 3, 2, null));

        prescriptions.returnRefill("1000009");
        prescriptions.returnRefill("1000009");

        assertThat(remaining("1000009"), is(3));
    }

    @Test
    void aFillIsRecordedAsTheLastFillDate() {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(2), 3, 2, null));

        prescriptions.filled("1000009", TODAY);

        assertThat(prescriptions.prescription("1000009").orElseThrow().lastFilledOn(), is(Optional.of(TODAY)));
        assertThat(remaining("1000009"), is(2));
    }

    @Test
    void racersForTheLastRefillLeaveExactlyOneWinner() throws Exception {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(2), 3, 1, null));

        List<Boolean> taken = race(() -> prescriptions.takeRefill("1000009", 1));

        assertThat(taken.stream().filter(Boolean::booleanValue).count(), is(1L));
        assertThat(remaining("1000009"), is(0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "refills_remaining = 4", "refills_remaining = -1", "days_supply = 0", "schedule = 'VI'",
            "status = 'expired'", "rx_number = 'RX10001'", "rx_number = '12345'"})
    void anImpossiblePrescriptionIsRefused(String change) {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(2), 3, 2, null));

        assertThrows(RuntimeException.class, () -> database.jdbi().useTransaction(h -> h.execute(
                "UPDATE prescription SET " + change + " WHERE rx_number = '1000009'")));

        assertThat(prescriptions.prescription("1000009").orElseThrow().refillsRemaining(), is(2));
    }

    // --- the refill queue

    @Test
    void aQueuedRefillIsPendingWithItsNumberAndIsFoundByIdAndToolCall() {
        Prescription filed = onePrescription();
        var asked = new NewRefill(filed.rxNumber(), filed.patientId(), MORNING, MORNING.plusSeconds(7200),
                Optional.of("fc_refill_1"));

        Refill queued = queue.add(asked);

        assertThat(queued, is(new Refill(queued.id(), filed.rxNumber(), filed.patientId(), RefillStatus.PENDING,
                MORNING, MORNING.plusSeconds(7200), Optional.of("fc_refill_1"), MORNING)));
        assertThat(queue.refill(queued.id()), is(Optional.of(queued)));
        assertThat(queue.queuedByToolCall("fc_refill_1"), is(Optional.of(queued)));
        assertThat(queue.queuedByToolCall("fc_other"), is(Optional.empty()));
        assertThat(queue.refill(424_242), is(Optional.empty()));
    }

    @Test
    void aSecondRefillForTheSameToolCallIsRefusedAsAlreadyOrderedAndLeavesTheFirst() {
        Prescription filed = onePrescription();
        Refill first = transactions.inTransaction(() -> queue.add(refillOf(filed, MORNING, "fc_once")));

        var refused = assertThrows(ToolCallAlreadyOrdered.class,
                () -> transactions.inTransaction(() -> queue.add(refillOf(filed, MORNING, "fc_once"))));
        var refusedAlone = assertThrows(ToolCallAlreadyOrdered.class,
                () -> queue.add(refillOf(filed, MORNING, "fc_once")));

        assertThat(refused.toolCallId(), is("fc_once"));
        assertThat(refusedAlone.toolCallId(), is("fc_once"));
        assertThat(queue.queuedByToolCall("fc_once"), is(Optional.of(first)));
        assertThat(count("SELECT COUNT(*) FROM refill"), is(1L));
    }

    @Test
    void refillsWithoutAToolCallAreNeverDuplicatesOfEachOther() {
        Prescription filed = onePrescription();

        queue.add(refillOf(filed, MORNING, null));
        queue.add(refillOf(filed, MORNING, null));

        assertThat(count("SELECT COUNT(*) FROM refill"), is(2L));
    }

    @Test
    void aToolCallIdLongerThanTheColumnStillQueuesOnceAndIsFoundAgain() {
        Prescription filed = onePrescription();
        String longId = "fc_" + "x".repeat(197);

        Refill queued = queue.add(refillOf(filed, MORNING, longId));

        assertThat(queue.queuedByToolCall(longId).map(Refill::id), is(Optional.of(queued.id())));
        var again = assertThrows(ToolCallAlreadyOrdered.class, () -> queue.add(refillOf(filed, MORNING, longId)));
        assertThat(again.toolCallId(), is(longId));
    }

    @Test
    void latestOfIsTheNewestAskedForWhateverItsStatus() {
        Prescription filed = onePrescription();
        Prescription other = file(rx("1000099", patients.patient(filed.patientId()).orElseThrow(), "lisinopril",
                TODAY.minusMonths(1), 5, 5, null));
        queue.add(refillOf(filed, MORNING.minusSeconds(3600), null));
        queue.add(refillOf(filed, MORNING, null));
        Refill sameInstantLater = queue.add(refillOf(filed, MORNING, null));
        queue.add(refillOf(other, MORNING.plusSeconds(60), null));
        queue.changeStatus(sameInstantLater.id(), RefillStatus.PENDING, RefillStatus.CANCELLED, MORNING);

        assertThat(queue.latestOf(filed.rxNumber()).map(Refill::id), is(Optional.of(sameInstantLater.id())));
        assertThat(queue.latestOf("9999999"), is(Optional.empty()));
    }

    @Test
    void theQueueIsFoundNewestFirstByStatusAndPatientUpToTheLimit() {
        Prescription rosas = onePrescription();
        Patient theo = patient("Theo", "Marsh", "1990-01-15", "+13125550104");
        Prescription theos = file(rx("1000011", theo, "escitalopram", TODAY.minusMonths(1), 5, 3, null));
        Refill first = queue.add(refillOf(rosas, MORNING, null));
        Refill second = queue.add(refillOf(theos, MORNING.plusSeconds(60), null));
        Refill third = queue.add(refillOf(rosas, MORNING.plusSeconds(120), null));
        queue.changeStatus(third.id(), RefillStatus.PENDING, RefillStatus.READY, MORNING.plusSeconds(180));

        assertThat(refillIds(queue.find(RefillFilter.queue())), contains(third.id(), second.id(), first.id()));
        assertThat(refillIds(queue.find(filter(RefillStatus.PENDING, null, 50))), contains(second.id(), first.id()));
        assertThat(refillIds(queue.find(filter(null, rosas.patientId(), 50))), contains(third.id(), first.id()));
        assertThat(refillIds(queue.find(filter(RefillStatus.READY, rosas.patientId(), 50))), contains(third.id()));
        assertThat(refillIds(queue.find(filter(RefillStatus.READY, theo.id(), 50))), is(empty()));
        assertThat(refillIds(queue.find(filter(null, null, 2))), contains(third.id(), second.id()));
    }

    @Test
    void aStatusChangesOnlyFromTheExpectedStatusAndRecordsWhen() {
        Refill queued = queue.add(refillOf(onePrescription(), MORNING, null));
        Instant later = MORNING.plusSeconds(5400);

        assertThat(queue.changeStatus(queued.id(), RefillStatus.READY, RefillStatus.PICKED_UP, later), is(false));
        assertThat(queue.changeStatus(queued.id(), RefillStatus.PENDING, RefillStatus.READY, later), is(true));
        assertThat(queue.changeStatus(queued.id(), RefillStatus.PENDING, RefillStatus.READY, later), is(false));
        assertThat(queue.changeStatus(424_242, RefillStatus.PENDING, RefillStatus.READY, later), is(false));

        Refill now = queue.refill(queued.id()).orElseThrow();
        assertThat(now.status(), is(RefillStatus.READY));
        assertThat(now.updatedAt(), is(later));
        assertThat(now.requestedAt(), is(MORNING));
    }

    @Test
    void racersMovingTheSameRefillLeaveExactlyOneMove() throws Exception {
        Refill queued = queue.add(refillOf(onePrescription(), MORNING, null));

        List<Boolean> moved = race(() -> queue.changeStatus(queued.id(), RefillStatus.PENDING, RefillStatus.READY,
                MORNING));

        assertThat(moved.stream().filter(Boolean::booleanValue).count(), is(1L));
        assertThat(queue.refill(queued.id()).orElseThrow().status(), is(RefillStatus.READY));
    }

    @Test
    void aRefillOfAPrescriptionNotOnFileIsRefused() {
        Prescription filed = onePrescription();

        assertThrows(RuntimeException.class, () -> queue.add(new NewRefill("9999999", filed.patientId(), MORNING,
                MORNING, Optional.of("fc_ghost"))));

        assertThat(count("SELECT COUNT(*) FROM refill"), is(0L));
    }

    // --- units of work

    @Test
    void aUnitOfWorkThatThrowsUndoesTheRefillTakenAndQueuedAndTheRenewalAsked() {
        Prescription filed = onePrescription();

        assertThrows(IllegalStateException.class, () -> transactions.inTransaction(() -> {
            assertThat(prescriptions.takeRefill(filed.rxNumber(), 2), is(true));
            queue.add(refillOf(filed, MORNING, "fc_undone"));
            renewals.add(renewalOf(filed, MORNING, "fc_undone"));
            throw new IllegalStateException("the caller hung up, say");
        }));

        assertThat(remaining(filed.rxNumber()), is(2));
        assertThat(queue.queuedByToolCall("fc_undone"), is(Optional.empty()));
        assertThat(renewals.openFor(filed.rxNumber()), is(Optional.empty()));
        assertThat(count("SELECT COUNT(*) FROM refill") + count("SELECT COUNT(*) FROM renewal_request"), is(0L));
    }

    @Test
    void aUnitOfWorkThatLosesTheToolCallRaceUndoesItsRefillTaken() {
        Prescription filed = onePrescription();
        queue.add(refillOf(filed, MORNING, "fc_raced"));

        assertThrows(ToolCallAlreadyOrdered.class, () -> transactions.inTransaction(() -> {
            prescriptions.takeRefill(filed.rxNumber(), 2);
            return queue.add(refillOf(filed, MORNING, "fc_raced"));
        }));

        assertThat(remaining(filed.rxNumber()), is(2));
    }

    @Test
    void aUnitOfWorkThatSucceedsKeepsEverything() {
        Prescription filed = onePrescription();

        Refill queued = transactions.inTransaction(() -> {
            prescriptions.takeRefill(filed.rxNumber(), 2);
            return queue.add(refillOf(filed, MORNING, "fc_kept"));
        });

        assertThat(remaining(filed.rxNumber()), is(1));
        assertThat(queue.queuedByToolCall("fc_kept"), is(Optional.of(queued)));
    }

    // --- renewal requests

    @Test
    void aRenewalRequestIsOpenUntilClosedOnce() {
        Prescription filed = onePrescription();

        RenewalRequest asked = renewals.add(renewalOf(filed, MORNING, "fc_renew"));

        assertThat(asked, is(new RenewalRequest(asked.id(), filed.rxNumber(), filed.patientId(), "Dr. Helen Brooks",
                RenewalReason.NO_REFILLS_LEFT, MORNING, true, Optional.of("fc_renew"))));
        assertThat(renewals.openFor(filed.rxNumber()), is(Optional.of(asked)));
        assertThat(renewals.close(asked.id()), is(true));
        assertThat(renewals.close(asked.id()), is(false));
        assertThat(renewals.close(424_242), is(false));
        assertThat(renewals.openFor(filed.rxNumber()), is(Optional.empty()));
        assertThat(renewals.find(false, 10).getFirst().open(), is(false));
    }

    @Test
    void renewalRequestsAreFoundNewestFirstOpenOnesOnlyWhenAskedUpToTheLimit() {
        Prescription filed = onePrescription();
        Patient theo = patient("Theo", "Marsh", "1990-01-15", "+13125550104");
        Prescription theos = file(rx("1000011", theo, "escitalopram", TODAY.minusMonths(13), 5, 3, null));
        RenewalRequest first = renewals.add(renewalOf(filed, MORNING, null));
        RenewalRequest second = renewals.add(new NewRenewalRequest(theos.rxNumber(), theo.id(), "Dr. Yuki Tanaka",
                RenewalReason.EXPIRED, MORNING.plusSeconds(60), Optional.empty()));
        RenewalRequest third = renewals.add(renewalOf(filed, MORNING.plusSeconds(120), null));
        renewals.close(first.id());

        assertThat(renewalIds(renewals.find(false, 10)), contains(third.id(), second.id(), first.id()));
        assertThat(renewalIds(renewals.find(true, 10)), contains(third.id(), second.id()));
        assertThat(renewalIds(renewals.find(false, 1)), contains(third.id()));
        assertThat(renewals.find(true, 10).get(1).reason(), is(RenewalReason.EXPIRED));
        assertThat(renewals.openFor(filed.rxNumber()).map(RenewalRequest::id), is(Optional.of(third.id())));
    }

    @Test
    void staffRacingToCloseTheSameRequestAreToldOnceTheyDid() throws Exception {
        RenewalRequest asked = renewals.add(renewalOf(onePrescription(), MORNING, null));

        List<Boolean> closed = race(() -> renewals.close(asked.id()));

        assertThat(closed.stream().filter(Boolean::booleanValue).count(), is(1L));
    }

    // --- helpers

    /** Files a patient with their numbers, as a pharmacy's system would. */
    Patient patient(String firstName, String lastName, String born, String... phones) {
        return database.jdbi().inTransaction(handle -> new PatientTables(handle).add(firstName, lastName,
                LocalDate.parse(born), List.of(phones)));
    }

    Prescription file(Prescription prescription) {
        return database.jdbi().inTransaction(handle -> new PrescriptionTables(handle).file(prescription));
    }

    /** An active, non-controlled prescription for 30 days; {@code lastFilled} may be null. */
    Prescription rx(String rxNumber, Patient patient, String drug, LocalDate written, int authorized, int remaining,
                    LocalDate lastFilled) {
        return new Prescription(rxNumber, patient.id(), drugId(drug), drug, "10 mg", "Take 1 tablet by mouth daily.",
                "Dr. Helen Brooks", written, authorized, remaining, 30, Optional.ofNullable(lastFilled),
                Schedule.NONE, PrescriptionStatus.ACTIVE);
    }

    /** Rosa Delgado's hydrochlorothiazide, 2 of 3 refills left. */
    Prescription onePrescription() {
        Patient rosa = patient("Rosa", "Delgado", "1962-11-30", "+13125550103");
        return file(rx("1000009", rosa, "hydrochlorothiazide", TODAY.minusMonths(2), 3, 2, TODAY.minusDays(28)));
    }

    static NewRefill refillOf(Prescription prescription, Instant at, String toolCallId) {
        return new NewRefill(prescription.rxNumber(), prescription.patientId(), at, at.plusSeconds(7200),
                Optional.ofNullable(toolCallId));
    }

    static NewRenewalRequest renewalOf(Prescription prescription, Instant at, String toolCallId) {
        return new NewRenewalRequest(prescription.rxNumber(), prescription.patientId(), prescription.prescriber(),
                RenewalReason.NO_REFILLS_LEFT, at, Optional.ofNullable(toolCallId));
    }

    private static RefillFilter filter(RefillStatus status, Long patientId, int limit) {
        return new RefillFilter(Optional.ofNullable(status), Optional.ofNullable(patientId), limit);
    }

    int remaining(String rxNumber) {
        return prescriptions.prescription(rxNumber).orElseThrow().refillsRemaining();
    }

    long count(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    long drugId(String genericName) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM formulary WHERE generic_name = :name")
                .bind("name", genericName)
                .mapTo(Long.class)
                .one());
    }

    private static <T> List<T> race(Callable<T> call) throws Exception {
        return Racers.race(RACERS, call);
    }

    private static List<Long> ids(List<Patient> found) {
        return found.stream().map(Patient::id).toList();
    }

    private static List<String> rxNumbers(List<Prescription> found) {
        return found.stream().map(Prescription::rxNumber).toList();
    }

    private static List<Long> refillIds(List<Refill> found) {
        return found.stream().map(Refill::id).toList();
    }

    private static List<Long> renewalIds(List<RenewalRequest> found) {
        return found.stream().map(RenewalRequest::id).toList();
    }
}
