package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** A notification a trigger asked for, and whether this request queued it or found it queued already. */
public record Queued(Notification notification, boolean isNew) {

    public Queued {
        Objects.requireNonNull(notification, "'notification' must not be null");
    }
}
