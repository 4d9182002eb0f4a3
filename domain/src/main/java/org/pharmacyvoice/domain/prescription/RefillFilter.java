package org.pharmacyvoice.domain.prescription;

import java.util.Objects;
import java.util.Optional;

/** Which refills staff want to see in the work queue: by status and patient, newest first, at most {@code limit}. */
public record RefillFilter(Optional<RefillStatus> status, Optional<Long> patientId, int limit) {

    public static final int MAX_LIMIT = 500;

    public RefillFilter {
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(patientId, "'patientId' must not be null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    public static RefillFilter queue() {
        return new RefillFilter(Optional.empty(), Optional.empty(), 100);
    }
}
