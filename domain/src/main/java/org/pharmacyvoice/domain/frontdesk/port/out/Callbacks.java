package org.pharmacyvoice.domain.frontdesk.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.telephony.Callback;

/** Outbound port: the callers waiting for the pharmacy to call them back. */
public interface Callbacks {

    /**
     * Files a callback request for call {@code callSid}, or returns the one already filed for it (Twilio may repeat a
     * request): one per call.
     */
    Callback add(String callSid, String callerNumber, String summary, Callback.Reason reason,
                 Optional<String> recordingUrl, int recordingSeconds, Instant at);

    /** Newest first; only the open ones when {@code openOnly}. */
    List<Callback> list(boolean openOnly, int limit);

    /** Marks an open request done; false if there is none with that id or it was done already. */
    boolean close(long id, Instant at);
}
