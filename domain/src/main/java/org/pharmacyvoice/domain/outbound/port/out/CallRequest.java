package org.pharmacyvoice.domain.outbound.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * One outbound call to place: who to ring, the caller ID to show, where the network fetches the call's
 * instructions once answered, and where it reports progress and answering-machine detection.
 *
 * @param to                 the patient's number, E.164 (+15551234567)
 * @param from               the pharmacy's number the patient sees and can call back
 * @param answerUrl          absolute URL the network fetches the call's instructions (TwiML) from when answered
 * @param statusCallbackUrl  absolute URL told of the call's progress (initiated, ringing, answered, completed)
 * @param machineCallbackUrl absolute URL told whether a person or a machine answered
 * @param ringTimeout        how long to let it ring before giving up (no answer)
 * @param idempotencyKey     our name for this call (e.g. the notification and its attempt), for logs and lookups
 */
public record CallRequest(String to, String from, String answerUrl, String statusCallbackUrl,
        String machineCallbackUrl, Duration ringTimeout, String idempotencyKey) {

    public CallRequest {
        Objects.requireNonNull(to, "'to' must not be null");
        Objects.requireNonNull(from, "'from' must not be null");
        Objects.requireNonNull(answerUrl, "'answerUrl' must not be null");
        Objects.requireNonNull(statusCallbackUrl, "'statusCallbackUrl' must not be null");
        Objects.requireNonNull(machineCallbackUrl, "'machineCallbackUrl' must not be null");
        Objects.requireNonNull(ringTimeout, "'ringTimeout' must not be null");
        Objects.requireNonNull(idempotencyKey, "'idempotencyKey' must not be null");
        if (ringTimeout.toSeconds() < 5 || ringTimeout.toSeconds() > 600) {
            throw new IllegalArgumentException("ringTimeout must be between 5 s and 600 s: " + ringTimeout);
        }
        for (String url : new String[] {answerUrl, statusCallbackUrl, machineCallbackUrl}) {
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new IllegalArgumentException("the network fetches absolute http(s) URLs only");
            }
        }
    }
}
