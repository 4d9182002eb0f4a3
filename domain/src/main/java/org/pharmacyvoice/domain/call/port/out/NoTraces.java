package org.pharmacyvoice.domain.call.port.out;

import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/** The traces of {@link CallTraces#none()}: one shared instance of each, so a call without tracing costs nothing. */
enum NoTraces implements CallTraces, CallTraces.CallTrace, CallTraces.ToolRun {
    CALLS;

    @Override
    public CallTrace callStarted(CallContext call) {
        return this;
    }

    @Override
    public void turnStarted() {
    }

    @Override
    public void turnEnded(TurnOutcome outcome) {
    }

    @Override
    public ToolRun toolStarted(String tool) {
        return this;
    }

    @Override
    public void ended(CallEndReason reason) {
    }

    @Override
    public void ended(ToolOutcome outcome) {
    }
}
