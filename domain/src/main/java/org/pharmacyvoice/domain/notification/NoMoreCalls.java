package org.pharmacyvoice.domain.notification;

import java.util.Objects;

/** What came of a person on the phone asking the pharmacy to stop calling. */
public sealed interface NoMoreCalls {

    /** The number is on the opt-out list (from now, or already was); its queued calls are ended. */
    record Listed(OptOut optOut) implements NoMoreCalls {
        public Listed {
            Objects.requireNonNull(optOut, "'optOut' must not be null");
        }
    }

    /**
     * Only the pharmacy's own calls can do this: on a call that came in, caller ID proves nothing, so staff add the
     * number instead.
     */
    record NotAPlacedCall() implements NoMoreCalls {
    }
}
