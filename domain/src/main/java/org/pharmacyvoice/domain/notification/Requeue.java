package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** What came of staff asking to try a failed notification again (after fixing what made the network refuse it). */
public sealed interface Requeue {

    record Requeued(Notification notification) implements Requeue {
        public Requeued {
            Objects.requireNonNull(notification, "'notification' must not be null");
        }
    }

    record NoSuchNotification(long id) implements Requeue {
    }

    /** Only a failed notification can be queued again; this one is not. */
    record NotFailed(Notification notification) implements Requeue {
        public NotFailed {
            Objects.requireNonNull(notification, "'notification' must not be null");
        }
    }
}
