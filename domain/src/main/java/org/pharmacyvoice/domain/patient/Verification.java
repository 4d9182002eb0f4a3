package org.pharmacyvoice.domain.patient;

import java.util.Objects;

/** How a caller's attempt to prove who they are came out, in terms the agent can act on. */
public sealed interface Verification {

    /** The call now acts for this patient, and only for them. */
    record Verified(Patient patient) implements Verification {
        public Verified {
            Objects.requireNonNull(patient, "'patient' must not be null");
        }
    }

    /**
     * Name and date of birth fit more than one patient: ask for an Rx number or the phone number on file. Not a
     * failed attempt, since what the caller said was right.
     */
    record NeedsTieBreaker(int attemptsLeft) implements Verification {
    }

    /**
     * A caller who rang in gave no name: name and date of birth are both needed. Not a failed attempt. (On the
     * pharmacy's own call the date of birth of the patient it called is enough.)
     */
    record NeedsName(int attemptsLeft) implements Verification {
    }

    /** Nothing on file matched (which part, is not said). */
    record NoMatch(int attemptsLeft) implements Verification {
    }

    /** Too many failed attempts: no more this call; offer the pharmacist. */
    record LockedOut() implements Verification {
    }

    /** The call is verified as another patient already; one call acts for one patient. */
    record OtherPatientAlready() implements Verification {
    }
}
