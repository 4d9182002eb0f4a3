package org.pharmacyvoice.domain.prescription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One refill in the pharmacy's work queue: for which prescription and patient, when it was asked for, when it was
 * promised ready, and where it is now. {@code toolCallId} is the agent request that queued it, if a call did.
 */
public record Refill(
        long id,
        String rxNumber,
        long patientId,
        RefillStatus status,
        Instant requestedAt,
        Instant readyBy,
        Optional<String> toolCallId,
        Instant updatedAt) {

    public Refill {
        Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(requestedAt, "'requestedAt' must not be null");
        Objects.requireNonNull(readyBy, "'readyBy' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
        Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    }
}
