package org.pharmacyvoice.domain.prescription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A refill about to be queued, as the refill desk decided it; the queue gives it its number. Always pending. */
public record NewRefill(String rxNumber, long patientId, Instant requestedAt, Instant readyBy,
                        Optional<String> toolCallId) {

    public NewRefill {
        Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
        Objects.requireNonNull(requestedAt, "'requestedAt' must not be null");
        Objects.requireNonNull(readyBy, "'readyBy' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
    }

    public RefillStatus status() {
        return RefillStatus.PENDING;
    }
}
