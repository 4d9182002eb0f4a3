package org.pharmacyvoice.domain.outbound;

import java.time.Duration;
import java.util.Objects;
import org.pharmacyvoice.domain.notification.DialNumber;

/**
 * How the pharmacy's own calls are made and what they say: the pharmacy's name and the number it calls from (shown
 * to the patient, said in every call and voicemail as the number to call back), how long a call rings, how soon a call
 * the network could not take is tried again, and after how long a claim is taken for a crashed server's.
 */
public record OutboundSettings(String pharmacyName, String callbackNumber, Duration ringTimeout, Duration retryLater,
                               Duration abandonedAfter) {

    public OutboundSettings {
        Objects.requireNonNull(pharmacyName, "'pharmacyName' must not be null");
        Objects.requireNonNull(callbackNumber, "'callbackNumber' must not be null");
        Objects.requireNonNull(ringTimeout, "'ringTimeout' must not be null");
        Objects.requireNonNull(retryLater, "'retryLater' must not be null");
        Objects.requireNonNull(abandonedAfter, "'abandonedAfter' must not be null");
        if (pharmacyName.isBlank()) {
            throw new IllegalArgumentException("every call names the pharmacy: the pharmacy's name must not be blank");
        }
        if (DialNumber.of(callbackNumber).filter(callbackNumber::equals).isEmpty()) {
            throw new IllegalArgumentException("the callback number must be a phone number like +15551234567");
        }
        if (retryLater.isNegative() || !abandonedAfter.isPositive()) {
            throw new IllegalArgumentException("retryLater must not be negative and abandonedAfter must be positive");
        }
    }
}
