package org.pharmacyvoice.domain.outbound.port.in;

import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.patient.CallerIdentity;

/**
 * Inbound port for the agent's tools on a call the pharmacy placed: the message the call is for (only to the patient
 * it is for, once verified), and the person's wish to get no more calls.
 */
public interface CallErrandUseCase {

    /** The message of the call {@code callSid}, if {@code caller} may hear it. */
    ErrandMessage message(String callSid, CallerIdentity caller);

    /** Lists the number the pharmacy called on {@code callSid}; only the pharmacy's own calls can. */
    NoMoreCalls noMoreCalls(String callSid);
}
