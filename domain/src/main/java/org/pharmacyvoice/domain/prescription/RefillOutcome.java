package org.pharmacyvoice.domain.prescription;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What came of a caller's refill request, one case per thing the agent says next. Every case but
 * {@link NotVerified} and {@link NotOnFile} concerns a prescription of the verified caller's own.
 */
public sealed interface RefillOutcome {

    /** Queued for staff to fill, ready by {@link Refill#readyBy()}; also the answer to a repeat of the request. */
    record Queued(Refill refill, Prescription prescription) implements RefillOutcome {
        public Queued {
            Objects.requireNonNull(refill, "'refill' must not be null");
            Objects.requireNonNull(prescription, "'prescription' must not be null");
        }
    }

    /** A refill of this prescription is already pending or ready: nothing new was queued. */
    record AlreadyQueued(Refill refill, Prescription prescription) implements RefillOutcome {
    }

    /** Too soon after the last fill: it can be filled from {@code earliest}. */
    record TooSoon(LocalDate earliest, Prescription prescription) implements RefillOutcome {
    }

    /** Schedule II: a new prescription is needed for every fill; offer the pharmacist. */
    record NeedsNewPrescription(Prescription prescription) implements RefillOutcome {
    }

    /** No refills left or expired: the prescriber has been asked for a new prescription (or already was). */
    record RenewalRequested(RenewalRequest request, Prescription prescription) implements RefillOutcome {
    }

    /** Discontinued or transferred: not refilled here; offer the pharmacist. */
    record Inactive(Prescription prescription) implements RefillOutcome {
    }

    /** No such prescription for this patient: another patient's looks exactly the same. */
    record NotOnFile(String rxNumber) implements RefillOutcome {
    }

    /** The caller has not proved who they are (or can't any more this call). */
    record NotVerified(boolean lockedOut) implements RefillOutcome {
    }
}
