package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** What staff cancelling a notification did. Only a queued one can be: a call being dialled is not taken back. */
public sealed interface Cancellation {

    record Cancelled(Notification notification) implements Cancellation {
        public Cancelled {
            Objects.requireNonNull(notification, "'notification' must not be null");
        }
    }

    record NotQueued(Notification notification) implements Cancellation {
        public NotQueued {
            Objects.requireNonNull(notification, "'notification' must not be null");
        }
    }

    record NoSuchNotification(long id) implements Cancellation {
    }
}
