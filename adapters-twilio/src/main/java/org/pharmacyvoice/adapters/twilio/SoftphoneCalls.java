package org.pharmacyvoice.adapters.twilio;

import java.util.OptionalInt;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * Answers softphone streams with a caller identity the server chose: a browser can put any {@code From} into its
 * {@code start}, and a number claimed there would reach that number's orders.
 */
final class SoftphoneCalls implements PhoneCalls {

    private final PhoneCalls calls;

    SoftphoneCalls(PhoneCalls calls) {
        this.calls = calls;
    }

    @Override
    public CallSession answer(CallContext call, CallerLine line) {
        return calls.answer(new CallContext(call.callSid(), call.streamSid(), TwilioVoice.SOFTPHONE_CALLER, ""), line);
    }

    @Override
    public Admission admitNewCall() {
        return calls.admitNewCall();
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds) {
        calls.statusReported(callSid, status, durationSeconds);
    }
}
