package org.pharmacyvoice.domain.call;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.call.port.in.ReviewCallsUseCase;
import org.pharmacyvoice.domain.call.port.out.CallHistory;
import org.pharmacyvoice.domain.telephony.CallRecord;

/** The call records as staff review them, a bounded page at a time. */
public final class CallReview implements ReviewCallsUseCase {

    private final CallHistory history;

    public CallReview(CallHistory history) {
        this.history = Objects.requireNonNull(history, "'history' must not be null");
    }

    @Override
    public List<CallRecord> recentCalls(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " calls, not " + limit);
        }
        return history.recent(limit);
    }

    @Override
    public Optional<CallRecord> call(String callSid) {
        return callSid == null || callSid.isBlank() ? Optional.empty() : history.find(callSid);
    }
}
