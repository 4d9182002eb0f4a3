package org.pharmacyvoice.domain.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One call the pharmacy owes a patient, durable from the moment a trigger queues it: to which number, about what,
 * how many attempts were made, when the next may be, and how the last one ended. {@code patientId} is empty for an
 * order placed by a caller who is not (yet) a known patient.
 */
public record Notification(
        long id,
        NotificationKind kind,
        Subject subject,
        Optional<Long> patientId,
        String phoneNumber,
        NotificationState state,
        int attempts,
        Instant nextAttemptAt,
        Optional<CallOutcome> lastOutcome,
        Instant createdAt,
        Instant updatedAt) {

    public Notification {
        Objects.requireNonNull(kind, "'kind' must not be null");
        Objects.requireNonNull(subject, "'subject' must not be null");
        Objects.requireNonNull(patientId, "'patientId' must not be null");
        Objects.requireNonNull(phoneNumber, "'phoneNumber' must not be null");
        Objects.requireNonNull(state, "'state' must not be null");
        Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' must not be null");
        Objects.requireNonNull(lastOutcome, "'lastOutcome' must not be null");
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts can't be negative: " + attempts);
        }
    }
}
