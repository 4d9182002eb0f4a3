package org.pharmacyvoice.domain.notification;

import java.time.Instant;
import java.util.Objects;

/** What {@link CallingRules} decide for a queued notification right now. */
public sealed interface CallVerdict {

    /** Dial now. */
    record CallNow() implements CallVerdict {
    }

    /** Not yet: the earliest moment every rule allows, and the rule that held it back. */
    record WaitUntil(Instant at, String why) implements CallVerdict {
        public WaitUntil {
            Objects.requireNonNull(at, "'at' must not be null");
            Objects.requireNonNull(why, "'why' must not be null");
        }
    }

    /** Never: the state the notification ends in, and why. */
    record GiveUp(NotificationState endsAs, String why) implements CallVerdict {
        public GiveUp {
            Objects.requireNonNull(endsAs, "'endsAs' must not be null");
            Objects.requireNonNull(why, "'why' must not be null");
            if (endsAs.isOpen()) {
                throw new IllegalArgumentException("giving up ends the notification, not " + endsAs.code());
            }
        }
    }
}
