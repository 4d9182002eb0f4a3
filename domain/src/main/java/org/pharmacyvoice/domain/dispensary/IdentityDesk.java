package org.pharmacyvoice.domain.dispensary;

import java.lang.System.Logger.Level;
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

    private final PatientRegistry patients;
    private final PrescriptionFile prescriptions;

    public IdentityDesk(PatientRegistry patients, PrescriptionFile prescriptions) {
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
    }

    @Override
    public Verification verifyCaller(IdentityClaim claim, CallerIdentity caller) {
        Objects.requireNonNull(claim, "'claim' must not be null");
        List<Patient> fitting = caller.isLockedOut() ? List.of() : fitting(claim);
        Verification outcome = caller.settle(claim, fitting);
        // The outcome only: what the caller said is health information, and the patient's id is enough for staff.
        switch (outcome) {
            case Verification.Verified verified -> LOG.log(Level.INFO, "[{0}] caller verified as patient {1}",
                    caller.callSid(), Long.toString(verified.patient().id()));
            case Verification.NoMatch noMatch -> LOG.log(Level.INFO,
                    "[{0}] caller verification failed: {1} attempts left", caller.callSid(), noMatch.attemptsLeft());
            case Verification.LockedOut locked -> LOG.log(Level.WARNING,
                    "[{0}] caller verification locked after {1} failed attempts", caller.callSid(),
                    CallerIdentity.MAX_FAILED_ATTEMPTS);
            case Verification.NeedsTieBreaker tie -> LOG.log(Level.INFO,
                    "[{0}] caller verification needs an Rx number or the phone on file", caller.callSid());
            case Verification.OtherPatientAlready other -> LOG.log(Level.INFO,
                    "[{0}] caller asked to verify as a second patient; refused", caller.callSid());
        }
        return outcome;
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
