package org.pharmacyvoice.domain.dispensary;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.dispensary.port.in.VerifyCallerUseCase;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.patient.PersonName;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.RxNumber;

/**
 * Checks who a caller says they are against the patients on file (45 CFR 164.514(h): identity before any health
 * information). Name and date of birth must fit exactly one patient; when they fit several, an Rx number of that
 * patient's or a phone number on their file decides, and one given along must fit as well. Caller ID is never
 * enough on its own: it can be forged.
 */
public final class IdentityDesk implements VerifyCallerUseCase {

    private static final System.Logger LOG = System.getLogger(IdentityDesk.class.getName());
    /**
     * Failed attempts at one patient's identity, over every call, after which no call verifies as that patient for
     * {@link #FAILURES_WINDOW}: three a call stop one caller, this stops one who calls again and again to guess a
     * date of birth. The patient hears that the details don't match, and the agent offers the pharmacist.
     */
    public static final int MAX_FAILURES_PER_PATIENT = 5;
    public static final Duration FAILURES_WINDOW = Duration.ofHours(24);

    private final PatientRegistry patients;
    private final PrescriptionFile prescriptions;
    private final Clock clock;

    public IdentityDesk(PatientRegistry patients, PrescriptionFile prescriptions, Clock clock) {
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public Verification verifyCaller(IdentityClaim claim, CallerIdentity caller) {
        Objects.requireNonNull(claim, "'claim' must not be null");
        Instant now = clock.instant();
        List<Patient> fitting = caller.isLockedOut() ? List.of()
                : withoutPaused(caller.expectedPatient().map(id -> expected(id, claim)).orElseGet(() -> fitting(claim)),
                        caller, now);
        Verification outcome = caller.settle(claim, fitting);
        if (outcome instanceof Verification.NoMatch || outcome instanceof Verification.LockedOut) {
            // On the pharmacy's own call only its patient can be guessed at, whatever name was given.
            caller.expectedPatient().ifPresentOrElse(id -> patients.failedVerification(id, now),
                    () -> countAgainstNamedPatients(claim, now));
        }
        // The outcome only: what the caller said is health information, and the patient's id is enough for staff.
        switch (outcome) {
            case Verification.Verified verified -> LOG.log(Level.INFO, "[{0}] caller verified as patient {1}",
                    caller.callSid(), Long.toString(verified.patient().id()));
            case Verification.NoMatch noMatch -> LOG.log(Level.INFO,
                    "[{0}] caller verification failed: {1} attempts left", caller.callSid(), noMatch.attemptsLeft());
            case Verification.LockedOut locked -> LOG.log(Level.WARNING,
                    "[{0}] caller verification locked after {1} failed attempts", caller.callSid(),
                    CallerIdentity.MAX_FAILED_ATTEMPTS);
            case Verification.NeedsName needsName -> LOG.log(Level.INFO,
                    "[{0}] caller verification needs the caller''s name", caller.callSid());
            case Verification.NeedsTieBreaker tie -> LOG.log(Level.INFO,
                    "[{0}] caller verification needs an Rx number or the phone on file", caller.callSid());
            case Verification.OtherPatientAlready other -> LOG.log(Level.INFO,
                    "[{0}] caller asked to verify as a second patient; refused", caller.callSid());
        }
        return outcome;
    }

    /**
     * The fitting patients but those someone has failed to prove to be too often lately: to the caller that answer
     * sounds exactly like a wrong date of birth, so it tells a guesser nothing.
     */
    private List<Patient> withoutPaused(List<Patient> fitting, CallerIdentity caller, Instant now) {
        Instant since = now.minus(FAILURES_WINDOW);
        List<Patient> open = fitting.stream()
                .filter(patient -> patients.failedVerificationsSince(patient.id(), since) < MAX_FAILURES_PER_PATIENT)
                .toList();
        if (open.size() < fitting.size()) {
            LOG.log(Level.WARNING, "[{0}] verification refused: {1} failed attempts at that patient''s identity "
                    + "within {2} h", caller.callSid(), MAX_FAILURES_PER_PATIENT, FAILURES_WINDOW.toHours());
        }
        return open;
    }

    /** A failed claim counts against every patient it names whose date of birth it got wrong. */
    private void countAgainstNamedPatients(IdentityClaim claim, Instant now) {
        PersonName name = PersonName.of(claim.name());
        List<String> words = name.words();
        if (words.isEmpty()) {
            return;
        }
        patients.search(words.getLast(), "", 50).stream()
                .filter(name::names)
                .filter(patient -> !patient.dateOfBirth().equals(claim.dateOfBirth()))
                .forEach(patient -> patients.failedVerification(patient.id(), now));
    }

    /**
     * On the pharmacy's own call: the patient it called, if the date of birth is theirs and a name, when one was
     * given, is theirs too. Whoever answers that patient's phone and knows their date of birth is taken to be them,
     * as a pharmacist calling would; nobody else can be verified on that call.
     */
    private List<Patient> expected(long patientId, IdentityClaim claim) {
        PersonName name = PersonName.of(claim.name());
        return patients.patient(patientId)
                .filter(patient -> patient.dateOfBirth().equals(claim.dateOfBirth()))
                .filter(patient -> name.isEmpty() || name.names(patient))
                .stream().toList();
    }

    /** The patients the claim fits; an Rx number or phone given along must fit too, even where the name alone would. */
    private List<Patient> fitting(IdentityClaim claim) {
        PersonName name = PersonName.of(claim.name());
        Optional<Long> rxOwner = claim.rxNumber().flatMap(RxNumber::read).flatMap(prescriptions::prescription)
                .map(Prescription::patientId);
        return patients.bornOn(claim.dateOfBirth()).stream()
                .filter(name::names)
                .filter(patient -> claim.rxNumber().isEmpty() || rxOwner.equals(Optional.of(patient.id())))
                .filter(patient -> claim.phoneNumber().map(patient::hasPhone).orElse(true))
                .toList();
    }
}
