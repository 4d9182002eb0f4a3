package org.pharmacyvoice.app;

import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.patient.CallerIdentity;

/**
 * The errand tools' answers on a server that places no calls (OUTBOUND_CALLS=false): every call came in, so none has
 * a message to read, and asking for no more calls is for staff to note, as on any call that came in.
 */
final class NoErrands implements CallErrandUseCase {

    @Override
    public ErrandMessage message(String callSid, CallerIdentity caller) {
        return new ErrandMessage.NoErrand();
    }

    @Override
    public NoMoreCalls noMoreCalls(String callSid) {
        return new NoMoreCalls.NotAPlacedCall();
    }
}
