package org.pharmacyvoice.domain.cascade.port.out;

import java.util.Objects;

/** What speech synthesis delivers. */
public sealed interface Spoken {

    /** A piece of speech, 8 kHz μ-law, in order. */
    record Audio(byte[] mulaw) implements Spoken {
        public Audio {
            Objects.requireNonNull(mulaw, "'mulaw' must not be null");
        }
    }

    /** All audio of the oldest text not yet done has been delivered (one per {@link Voice#say}). */
    record Done() implements Spoken {
    }

    /** The voice is gone (closed by the service, a network failure); nothing more will come. */
    record Lost(String reason) implements Spoken {
        public Lost {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
