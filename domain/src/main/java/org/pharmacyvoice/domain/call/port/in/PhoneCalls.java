package org.pharmacyvoice.domain.call.port.in;

import java.util.OptionalInt;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Inbound port: the telephony adapter hands each new call's media stream to the domain here. */
public interface PhoneCalls {

    /** Starts bridging a call; what the caller does next goes to the returned session. */
    CallSession answer(CallContext call, CallerLine line);

    /**
     * Decides whether a call arriving now (a voice webhook, a softphone session) is put through to the agent; ask once
     * per arriving call, as the calls turned away are counted.
     */
    default Admission admitNewCall() {
        return Admission.OPEN;
    }

    /**
     * The phone network reported a call's status (e.g. Twilio's status callback: {@code completed},
     * {@code busy}, {@code no-answer}); {@code durationSeconds} is known once the call is over.
     */
    default void statusReported(String callSid, String status, OptionalInt durationSeconds) {
    }
}
