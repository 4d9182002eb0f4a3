package org.pharmacyvoice.domain.cascade.port.out;

import java.util.Objects;

/** What speech recognition tells about the caller's speech. */
public sealed interface Heard {

    /** The caller began to speak (voice activity), before any word is recognised: the cue for barge-in. */
    record SpeechStarted() implements Heard {
    }

    /** A guess at the words so far; a later event may change it. */
    record Interim(String text) implements Heard {
        public Interim {
            Objects.requireNonNull(text, "'text' must not be null");
        }
    }

    /**
     * Words that will not change. {@code endOfTurn} is true when the service also judged that the caller finished
     * speaking with them (a pause long enough to answer).
     */
    record Final(String text, boolean endOfTurn) implements Heard {
        public Final {
            Objects.requireNonNull(text, "'text' must not be null");
        }
    }

    /** The caller has stopped speaking, judged by the gap after their last word (no words of its own). */
    record EndOfTurn() implements Heard {
    }

    /** The stream is gone (closed by the service, a network failure, a refusal); nothing more will come. */
    record Lost(String reason) implements Heard {
        public Lost {
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }
}
