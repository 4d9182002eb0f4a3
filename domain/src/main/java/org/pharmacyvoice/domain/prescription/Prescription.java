package org.pharmacyvoice.domain.prescription;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A prescription on file, as the label and the pharmacy's system know it. {@code refillsRemaining} counts the
 * refills still authorised, including one already queued; {@code lastFilledOn} is empty until the first fill.
 */
public record Prescription(
        String rxNumber,
        long patientId,
        long drugId,
        String drugName,
        String strength,
        String directions,
        String prescriber,
        LocalDate writtenOn,
        int refillsAuthorized,
        int refillsRemaining,
        int daysSupply,
        Optional<LocalDate> lastFilledOn,
        Schedule schedule,
        PrescriptionStatus status) {

    public Prescription {
        Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
        Objects.requireNonNull(drugName, "'drugName' must not be null");
        Objects.requireNonNull(strength, "'strength' must not be null");
        Objects.requireNonNull(directions, "'directions' must not be null");
        Objects.requireNonNull(prescriber, "'prescriber' must not be null");
        Objects.requireNonNull(writtenOn, "'writtenOn' must not be null");
        Objects.requireNonNull(lastFilledOn, "'lastFilledOn' must not be null");
        Objects.requireNonNull(schedule, "'schedule' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        if (refillsAuthorized < 0 || refillsRemaining < 0 || refillsRemaining > refillsAuthorized) {
            throw new IllegalArgumentException("refills remaining must be between 0 and the " + refillsAuthorized
                    + " authorised: " + refillsRemaining);
        }
        if (daysSupply < 1) {
            throw new IllegalArgumentException("a fill lasts at least one day: " + daysSupply);
        }
    }

    /** Refills already used (queued or filled). */
    public int refillsUsed() {
        return refillsAuthorized - refillsRemaining;
    }
}
