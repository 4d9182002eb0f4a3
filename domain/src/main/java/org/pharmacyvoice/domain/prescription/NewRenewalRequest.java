package org.pharmacyvoice.domain.prescription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A renewal request about to be recorded; always open. */
public record NewRenewalRequest(String rxNumber, long patientId, String prescriber, RenewalReason reason,
                                Instant requestedAt, Optional<String> toolCallId) {

    public NewRenewalRequest {
        Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
        Objects.requireNonNull(prescriber, "'prescriber' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
        Objects.requireNonNull(requestedAt, "'requestedAt' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
    }
}
