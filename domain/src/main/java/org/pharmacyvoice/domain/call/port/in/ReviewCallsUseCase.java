package org.pharmacyvoice.domain.call.port.in;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.telephony.CallRecord;

/** Inbound port: staff read the call records, a page of recent calls at a time, or one call in full. */
public interface ReviewCallsUseCase {

    /** Calls on a page when staff don't say how many. */
    int DEFAULT_PAGE = 50;
    /** The most calls on one page: each can carry a long transcript. */
    int MAX_PAGE = 200;

    /**
     * The most recent calls, newest first, without their transcripts.
     *
     * @throws IllegalArgumentException when {@code limit} is not between 1 and {@link #MAX_PAGE}
     */
    List<CallRecord> recentCalls(int limit);

    /** One call with its transcript and tool runs. */
    Optional<CallRecord> call(String callSid);
}
