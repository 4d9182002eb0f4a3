package org.pharmacyvoice.domain.patient;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who the caller on one call has proved to be. Starts unverified; a matching claim binds the call to one patient for
 * the rest of the call; {@value #MAX_FAILED_ATTEMPTS} failed attempts lock verification for the rest of the call.
 * Every tool that shows or changes patient data asks it first. Safe to use from several tool calls at once.
 */
public final class CallerIdentity {

    /** Failed attempts a call may make; guessing dates of birth must not be a game of chance. */
    public static final int MAX_FAILED_ATTEMPTS = 3;

    private final String callSid;
    private final Optional<Long> expectedPatient;
    private final Set<String> namesHeard = new LinkedHashSet<>();
    private Patient patient;
    private int failedAttempts;

    public CallerIdentity(String callSid) {
        this(callSid, Optional.empty());
    }

    /**
     * The identity on a call the pharmacy placed to {@code expectedPatient}: the person who answered the patient's
     * phone proves to be that patient (by date of birth), and can't verify as anyone else.
     */
    public CallerIdentity(String callSid, Optional<Long> expectedPatient) {
        this.callSid = Objects.requireNonNull(callSid, "'callSid' must not be null");
        this.expectedPatient = Objects.requireNonNull(expectedPatient, "'expectedPatient' must not be null");
    }

    /** The patient the pharmacy called, on its own calls; empty on calls that came in. */
    public Optional<Long> expectedPatient() {
        return expectedPatient;
    }

    /** The call this is about, for log lines. */
    public String callSid() {
        return callSid;
    }

    /** The patient this call acts for, once verified. */
    public synchronized Optional<Patient> patient() {
        return Optional.ofNullable(patient);
    }

    public synchronized boolean isVerified() {
        return patient != null;
    }

    public synchronized boolean isLockedOut() {
        return patient == null && failedAttempts >= MAX_FAILED_ATTEMPTS;
    }

    public synchronized int attemptsLeft() {
        return Math.max(0, MAX_FAILED_ATTEMPTS - failedAttempts);
    }

    /**
     * Settles one attempt: the patients that {@code claim} fits, as the identity desk found them. This is the only
     * way a call becomes verified, and the lockout holds however the attempts arrive.
     */
    public synchronized Verification settle(IdentityClaim claim, List<Patient> fitting) {
        PersonName.of(claim.name()).words().forEach(namesHeard::add);
        if (patient != null) {
            return fitting.size() == 1 && fitting.getFirst().id() == patient.id()
                    ? new Verification.Verified(patient) : new Verification.OtherPatientAlready();
        }
        if (isLockedOut()) {
            return new Verification.LockedOut();
        }
        if (fitting.size() == 1) {
            patient = fitting.getFirst();
            return new Verification.Verified(patient);
        }
        if (fitting.isEmpty() && expectedPatient.isEmpty() && PersonName.of(claim.name()).isEmpty()) {
            return new Verification.NeedsName(attemptsLeft());
        }
        if (fitting.size() > 1 && !claim.hasTieBreaker()) {
            return new Verification.NeedsTieBreaker(attemptsLeft());
        }
        failedAttempts++;
        return isLockedOut() ? new Verification.LockedOut() : new Verification.NoMatch(attemptsLeft());
    }

    /** Words of names callers gave on this call, so that transcripts can hide them. */
    public synchronized Set<String> namesHeard() {
        Set<String> names = new LinkedHashSet<>(namesHeard);
        if (patient != null) {
            names.addAll(PersonName.of(patient.fullName()).words());
        }
        return names;
    }
}
