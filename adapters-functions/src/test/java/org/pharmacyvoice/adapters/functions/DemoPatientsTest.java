package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase.RequestRefill;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.outbound.RefillReminders;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillOutcome;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.prescription.RenewalReason;

/** The demo patients on a real H2 file: filed once, never over existing patients, each refill case as documented. */
class DemoPatientsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path folder;

    private PharmacyDatabase database;
    private Dispensary dispensary;

    @BeforeEach
    void open() {
        database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:file:" + folder.resolve("pharmacy"), "sa", "",
                2));
        var policy = new RefillPolicy(RefillRules.standard(),
                OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", ZoneId.of("America/New_York")),
                Duration.ofHours(2));
        dispensary = Dispensary.open(database.patients(), database.prescriptions(), database.refillQueue(),
                database.renewalRequests(), database.transactions(), policy, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void areFiledOnceAndNeverIntoADatabaseWithPatients() {
        assertThat(database.fileDemoPatients(TODAY), is(true));
        assertThat(database.fileDemoPatients(TODAY), is(false));
        var everyone = database.patients().search("", "", 100);
        assertThat(everyone.size(), is(30));
        assertThat(everyone.stream().mapToInt(patient -> database.prescriptions().ofPatient(patient.id()).size())
                .sum(), is(110));
        assertThat(database.prescriptions().ofPatient(database.patients().search("Alice", "", 1).get(0).id()).size(),
                is(3));
    }

    @Test
    void eachPrescriptionEndsTheWayTheReadmeSays() {
        database.fileDemoPatients(TODAY);
        CallerIdentity alice = verified("Alice Moreno", LocalDate.of(1958, 4, 12));
        CallerIdentity bob = verified("Bob Tanaka", LocalDate.of(1971, 9, 30));
        CallerIdentity carmen = verified("Carmen Diaz", LocalDate.of(1990, 2, 14));

        assertThat(refill("2001001", alice), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("2001002", alice), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("2001003", alice), instanceOf(RefillOutcome.NeedsNewPrescription.class));
        assertThat(((RefillOutcome.TooSoon) refill("2002001", bob)).earliest(), is(TODAY.minusDays(5).plusDays(23)));
        assertThat(((RefillOutcome.RenewalRequested) refill("2002002", bob)).request().reason(),
                is(RenewalReason.NO_REFILLS_LEFT));
        assertThat(((RefillOutcome.RenewalRequested) refill("2002003", bob)).request().reason(),
                is(RenewalReason.EXPIRED));
        assertThat(refill("2003001", carmen), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("2003002", carmen), instanceOf(RefillOutcome.Inactive.class));
        assertThat(refill("2002001", alice), instanceOf(RefillOutcome.NotOnFile.class));
    }

    @Test
    void theRosterRunsThroughEveryCaseInTurn() {
        database.fileDemoPatients(TODAY);
        CallerIdentity grace = verified("Grace Okafor", LocalDate.of(1940, 1, 1));
        CallerIdentity henry = verified("Henry Nguyen", LocalDate.of(1947, 6, 12));
        CallerIdentity irene = verified("Irene Kowalski", LocalDate.of(1954, 11, 23));

        assertThat(refill("3001001", grace), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("3001002", grace), instanceOf(RefillOutcome.TooSoon.class));
        assertThat(((RefillOutcome.RenewalRequested) refill("3001003", grace)).request().reason(),
                is(RenewalReason.NO_REFILLS_LEFT));
        assertThat(((RefillOutcome.RenewalRequested) refill("3001004", grace)).request().reason(),
                is(RenewalReason.EXPIRED));
        assertThat(refill("3002001", henry), instanceOf(RefillOutcome.NeedsNewPrescription.class));
        assertThat(refill("3002002", henry), instanceOf(RefillOutcome.Queued.class));
        assertThat(((RefillOutcome.RenewalRequested) refill("3002003", henry)).request().reason(),
                is(RenewalReason.EXPIRED));
        assertThat(refill("3002004", henry), instanceOf(RefillOutcome.Inactive.class));
        assertThat(refill("3003001", irene), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("3003002", irene), instanceOf(RefillOutcome.Queued.class));
    }

    @Test
    void theTwoDavidLeesAreToldApartByTheirDatesOfBirth() {
        database.fileDemoPatients(TODAY);
        CallerIdentity younger = verified("David Lee", LocalDate.of(1985, 6, 1));
        CallerIdentity older = verified("David Lee", LocalDate.of(1949, 11, 23));

        assertThat(refill("2004001", younger), instanceOf(RefillOutcome.Queued.class));
        assertThat(refill("2004001", older), instanceOf(RefillOutcome.NotOnFile.class));
        assertThat(refill("2005001", older), instanceOf(RefillOutcome.Queued.class));
    }

    private CallerIdentity verified(String name, LocalDate born) {
        var caller = new CallerIdentity("CA-" + name.replace(' ', '-') + born);
        assertThat(dispensary.verifyCaller().verifyCaller(IdentityClaim.of(name, born), caller),
                instanceOf(Verification.Verified.class));
        return caller;
    }

    private int calls;

    private RefillOutcome refill(String rxNumber, CallerIdentity caller) {
        calls++;
        return dispensary.requestRefill().requestRefill(new RequestRefill(rxNumber, caller, "tool-" + calls,
                caller.callSid()));
    }

    @Test
    void twoDemoPatientsOptedInToRefillRemindersAndTheirFillsRunningOutAreRemindedOf() {
        database.fileDemoPatients(TODAY);
        var reminders = new RefillReminders(database.reminderRoster(),
                database.patients(), database.refillQueue(), database.notifications(), ZoneId.of("America/New_York"),
                RefillReminders.DEFAULT_DAYS_AHEAD,
                Clock.fixed(NOW, ZoneOffset.UTC));

        var queued = reminders.queueReminders();

        assertThat(queued.stream().map(q -> q.notification().subject()).toList(), contains(
                new Subject.RunningOut("2001001", TODAY.minusDays(28)),
                new Subject.RunningOut("2004001", TODAY.minusDays(27))));
        assertThat(queued.stream().map(q -> q.notification().phoneNumber()).toList(),
                contains("+12025550101", "+12025550104"));
    }
}
