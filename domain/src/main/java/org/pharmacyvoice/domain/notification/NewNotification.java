package org.pharmacyvoice.domain.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A notification a trigger asks to queue; the store gives it its id, or finds the one queued for its subject. */
public record NewNotification(NotificationKind kind, Subject subject, Optional<Long> patientId, String phoneNumber,
                              Instant queuedAt) {

    public NewNotification {
        Objects.requireNonNull(kind, "'kind' must not be null");
        Objects.requireNonNull(subject, "'subject' must not be null");
        Objects.requireNonNull(patientId, "'patientId' must not be null");
        Objects.requireNonNull(phoneNumber, "'phoneNumber' must not be null");
        Objects.requireNonNull(queuedAt, "'queuedAt' must not be null");
    }
}
