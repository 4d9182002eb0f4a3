package org.pharmacyvoice.domain.outbound.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * One outbound call to place: who to ring, the caller ID to show, how long to let it ring, and which attempt at
 * which notification it is. The network adapter turns the last two into the addresses of the call's webhooks, so
 * every webhook of the call says which attempt it is about (and the signature over the address vouches for it).
 *
 * @param to             the patient's number, E.164 (+15551234567)
 * @param from           the pharmacy's number the patient sees and can call back
 * @param ringTimeout    how long to let it ring before giving up (no answer)
 * @param notificationId the notification this call is an attempt at
 * @param attempt        the attempt's number, from 1
 */
public record CallRequest(String to, String from, Duration ringTimeout, long notificationId, int attempt) {

    public CallRequest {
        Objects.requireNonNull(to, "'to' must not be null");
        Objects.requireNonNull(from, "'from' must not be null");
        Objects.requireNonNull(ringTimeout, "'ringTimeout' must not be null");
        if (ringTimeout.toSeconds() < 5 || ringTimeout.toSeconds() > 600) {
            throw new IllegalArgumentException("ringTimeout must be between 5 s and 600 s: " + ringTimeout);
        }
        if (notificationId < 1 || attempt < 1) {
            throw new IllegalArgumentException("notification ids and attempts count from 1");
        }
    }

    /** Our name for this call in logs: which attempt at which notification, never who is called. */
    public String idempotencyKey() {
        return "notification-" + notificationId + "-attempt-" + attempt;
    }
}
