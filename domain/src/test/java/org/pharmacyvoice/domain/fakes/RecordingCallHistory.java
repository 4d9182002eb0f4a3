package org.pharmacyvoice.domain.fakes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.pharmacyvoice.domain.call.port.out.CallHistory;
import org.pharmacyvoice.domain.telephony.CallRecord;

/** An empty call history that hands each cutoff it is asked to forget before to the test, or fails when told to. */
public final class RecordingCallHistory implements CallHistory {

    /** Every cutoff of a {@link #forgetBefore} that did not fail, in order. */
    public final LinkedBlockingQueue<Instant> cutoffs = new LinkedBlockingQueue<>();
    private final int forgottenEachTime;
    private volatile boolean failing;

    /** Answers every successful {@link #forgetBefore} with {@code forgottenEachTime}. */
    public RecordingCallHistory(int forgottenEachTime) {
        this.forgottenEachTime = forgottenEachTime;
    }

    /** From now on, forgetting throws as a database that is down would. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public List<CallRecord> recent(int limit) {
        return List.of();
    }

    @Override
    public Optional<CallRecord> find(String callSid) {
        return Optional.empty();
    }

    @Override
    public int forgetBefore(Instant cutoff) {
        if (failing) {
            throw new IllegalStateException("database down");
        }
        cutoffs.add(cutoff);
        return forgottenEachTime;
    }
}
