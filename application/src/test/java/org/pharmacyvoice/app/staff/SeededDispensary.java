package org.pharmacyvoice.app.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase.RequestRefill;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillOutcome;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.prescription.Schedule;

/**
 * Two patients with their prescriptions, in memory, behind the real dispensary; refills and renewal requests get
 * into the queue the way a call puts them there: a verified caller asks.
 */
final class SeededDispensary {

    /** A Friday morning, pharmacy time (UTC): open, so a refill is promised two working hours later. */
    static final Instant MORNING = Instant.parse("2025-03-14T09:30:00Z");
    static final LocalDate MARIA_BORN = LocalDate.of(1970, 5, 2);
    /** Maria's statin: three refills left, last filled long enough ago. */
    static final String STATIN = "1000001";
    /** Maria's blood-pressure pills: no refills left, so asking means asking the prescriber. */
    static final String LISINOPRIL = "1000002";
    /** Marco's, never filled. */
    static final String SERTRALINE = "1000003";

    final InMemoryDispensary store = new InMemoryDispensary();
    final Dispensary dispensary = Dispensary.open(store, store, store, store, store,
            new RefillPolicy(RefillRules.standard(), OpeningHours.parse("Mon-Sat 09:00-19:00", ZoneOffset.UTC),
                    Duration.ofHours(2)),
            Clock.fixed(MORNING, ZoneOffset.UTC));
    private int calls;

    SeededDispensary() {
        store.patient(1, "Maria", "Lopez", MARIA_BORN, "+15551230001");
        store.patient(2, "Marco", "Bianchi", LocalDate.of(1985, 11, 20), "+15559870002", "+15559870003");
        store.prescription(STATIN, 1, "atorvastatin", Schedule.NONE, LocalDate.of(2025, 1, 10), 5, 3, 30,
                LocalDate.of(2025, 2, 1));
        store.prescription(LISINOPRIL, 1, "lisinopril", Schedule.NONE, LocalDate.of(2024, 12, 1), 2, 0, 30,
                LocalDate.of(2025, 2, 20));
        store.prescription(SERTRALINE, 2, "sertraline", Schedule.NONE, LocalDate.of(2025, 3, 1), 1, 1, 30, null);
    }

    DispensaryApis apis() {
        return new DispensaryApis(dispensary.findPatients(), dispensary.refillQueue(), dispensary.renewalRequests());
    }

    /** Maria calls, proves who she is, and asks for a refill of {@code rxNumber}. */
    RefillOutcome mariaAsksForARefillOf(String rxNumber) {
        calls++;
        var caller = new CallerIdentity("CA" + calls);
        Verification verified = dispensary.verifyCaller().verifyCaller(IdentityClaim.of("Maria Lopez", MARIA_BORN),
                caller);
        if (!(verified instanceof Verification.Verified)) {
            throw new AssertionError("Maria could not prove who she is: " + verified);
        }
        return dispensary.requestRefill().requestRefill(new RequestRefill(rxNumber, caller, "tool-" + calls,
                caller.callSid()));
    }

    /** The id of the refill Maria's request queued. */
    long queuedRefillOf(String rxNumber) {
        if (!(mariaAsksForARefillOf(rxNumber) instanceof RefillOutcome.Queued queued)) {
            throw new AssertionError("no refill queued for " + rxNumber);
        }
        return queued.refill().id();
    }
}
