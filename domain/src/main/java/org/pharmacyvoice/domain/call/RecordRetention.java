package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.pharmacyvoice.domain.call.port.out.CallHistory;

/**
 * Forgets call records once they are older than the pharmacy keeps them: what callers say can be health information,
 * and what is not kept can't leak.
 */
public final class RecordRetention {

    private static final System.Logger LOG = System.getLogger(RecordRetention.class.getName());

    private final CallHistory history;
    private final Duration keepFor;
    private final Clock clock;

    public RecordRetention(CallHistory history, Duration keepFor, Clock clock) {
        this.history = Objects.requireNonNull(history, "'history' must not be null");
        this.keepFor = Objects.requireNonNull(keepFor, "'keepFor' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
        if (keepFor.isNegative() || keepFor.isZero()) {
            throw new IllegalArgumentException("records must be kept for a positive time: " + keepFor);
        }
    }

    /** Deletes the records older than the retention period; returns how many calls went. Never throws. */
    public int purge() {
        Instant cutoff = clock.instant().minus(keepFor);
        try {
            int forgotten = history.forgetBefore(cutoff);
            if (forgotten > 0) {
                LOG.log(Level.INFO, "forgot {0} call records from before {1} (kept for {2} days)", forgotten, cutoff,
                        keepFor.toDays());
            }
            return forgotten;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "forgetting call records from before " + cutoff + " failed; trying again later: "
                    + e.getMessage(), e);
            return 0;
        }
    }
}
