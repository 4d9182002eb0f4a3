package org.pharmacyvoice.domain.prescription;

import java.util.Objects;
import java.util.stream.Collectors;

/** What came of staff moving a refill along the work queue. */
public sealed interface RefillChange {

    /** The refill moved; {@code refill} is as it is now. */
    record Changed(Refill refill) implements RefillChange {
        public Changed {
            Objects.requireNonNull(refill, "'refill' must not be null");
        }
    }

    /** It already was in the asked-for status (asking twice is harmless). */
    record AlreadyThere(Refill refill) implements RefillChange {
    }

    record NoSuchRefill(long refillId) implements RefillChange {
    }

    /** The queue's rules don't allow this move from where the refill is now. */
    record NotAllowed(Refill refill, RefillStatus requested) implements RefillChange {

        /** Why not, in words staff can read. */
        public String reason() {
            RefillStatus current = refill.status();
            if (current.next().isEmpty()) {
                return "Refill " + refill.id() + " is " + current.spoken() + ", and a " + current.spoken()
                        + " refill can't be changed.";
            }
            return "Refill " + refill.id() + " is " + current.spoken() + ": it can only become "
                    + current.next().stream().map(RefillStatus::code).collect(Collectors.joining(" or "))
                    + ", not " + requested.code() + ".";
        }
    }
}
