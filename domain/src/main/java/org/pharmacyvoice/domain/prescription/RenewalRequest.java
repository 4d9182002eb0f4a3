package org.pharmacyvoice.domain.prescription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to the prescriber for a new prescription, recorded for staff to send (fax, e-prescribing): for which
 * prescription, to whom, why, and whether staff have dealt with it.
 */
public record RenewalRequest(
        long id,
        String rxNumber,
        long patientId,
        String prescriber,
        RenewalReason reason,
        Instant requestedAt,
        boolean open,
        Optional<String> toolCallId) {

    public RenewalRequest {
        Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
        Objects.requireNonNull(prescriber, "'prescriber' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
        Objects.requireNonNull(requestedAt, "'requestedAt' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
    }
}
