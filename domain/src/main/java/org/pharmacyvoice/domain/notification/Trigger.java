package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** What a trigger did: queued a notification (or found it queued), or queued none and why. */
public sealed interface Trigger {

    record Notified(Queued queued) implements Trigger {
        public Notified {
            Objects.requireNonNull(queued, "'queued' must not be null");
        }
    }

    /**
     * Nothing is ready to call about (the refill or order is in another state): not an answer staff need, since they
     * only moved it elsewhere.
     */
    record NotReady(String why) implements Trigger {
        public NotReady {
            Objects.requireNonNull(why, "'why' must not be null");
        }
    }

    /** No call: the reason is for logs and staff, and names no patient data. */
    record NoCall(String why) implements Trigger {
        public NoCall {
            Objects.requireNonNull(why, "'why' must not be null");
        }
    }
}
