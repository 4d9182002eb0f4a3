package org.pharmacyvoice.adapters.functions;

import java.util.ArrayList;
import java.util.List;
import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.patient.CallerIdentity;

/**
 * The errands of placed calls as a test scripts them: one answer for each question, and the call SIDs and callers
 * each was asked for. By default no call is one the pharmacy placed.
 */
final class ScriptedErrands implements CallErrandUseCase {

    private volatile ErrandMessage message = new ErrandMessage.NoErrand();
    private volatile NoMoreCalls noMoreCalls = new NoMoreCalls.NotAPlacedCall();
    final List<String> askedForMessage = new ArrayList<>();
    final List<CallerIdentity> callers = new ArrayList<>();
    final List<String> askedToStop = new ArrayList<>();

    ScriptedErrands answering(ErrandMessage answer) {
        message = answer;
        return this;
    }

    ScriptedErrands answering(NoMoreCalls answer) {
        noMoreCalls = answer;
        return this;
    }

    @Override
    public synchronized ErrandMessage message(String callSid, CallerIdentity caller) {
        askedForMessage.add(callSid);
        callers.add(caller);
        return message;
    }

    @Override
    public synchronized NoMoreCalls noMoreCalls(String callSid) {
        askedToStop.add(callSid);
        return noMoreCalls;
    }
}
