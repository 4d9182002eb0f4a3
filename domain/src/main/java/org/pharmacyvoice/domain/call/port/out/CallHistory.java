package org.pharmacyvoice.domain.call.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.telephony.CallRecord;

/** Outbound port: reads the call records back, for staff, and forgets them when they are kept no longer. */
public interface CallHistory {

    /** The most recent calls first, without transcript and tool runs. */
    List<CallRecord> recent(int limit);

    /** One call in full, with its transcript and tool runs in order. */
    Optional<CallRecord> find(String callSid);

    /**
     * Deletes every call last updated before {@code cutoff}, and every transcript line, tool run and handoff from
     * before it, and the callbacks staff marked done before it (open ones stay); returns how many calls went.
     */
    int forgetBefore(Instant cutoff);
}
