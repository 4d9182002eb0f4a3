package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** A notification one server has claimed and may dial now, as attempt number {@code attempt}. */
public record DueCall(Notification notification, int attempt) {

    public DueCall {
        Objects.requireNonNull(notification, "'notification' must not be null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
    }
}
