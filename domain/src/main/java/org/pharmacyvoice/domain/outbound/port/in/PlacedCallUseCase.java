package org.pharmacyvoice.domain.outbound.port.in;

import org.pharmacyvoice.domain.notification.AnswerPlan;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallProgress;

/**
 * Inbound port for the network's webhooks of a call the pharmacy placed: the call was answered, detection says who
 * answered, the call progressed. Each names the attempt (from the webhook's signed address) and the call SID; any
 * server may get any of them, in any order, more than once.
 */
public interface PlacedCallUseCase {

    /** The call was answered: whether the agent takes it. Notes the call SID if the dialler had not yet. */
    AnswerPlan answered(long notificationId, int attempt, String callSid);

    /** Detection decided who answered; a machine gets the voicemail and the call ends. */
    void answeredBy(long notificationId, int attempt, String callSid, Answerer answerer);

    /** The network reports the call's progress; a final status settles the attempt. */
    void progressed(long notificationId, int attempt, String callSid, CallProgress progress);
}
