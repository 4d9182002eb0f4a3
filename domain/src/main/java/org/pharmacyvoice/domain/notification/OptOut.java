package org.pharmacyvoice.domain.notification;

import java.time.Instant;
import java.util.Objects;

/** A number that asked for no more calls, when, and how the pharmacy heard it (on a call, from staff). */
public record OptOut(String phoneNumber, Instant at, String source) {

    public OptOut {
        Objects.requireNonNull(phoneNumber, "'phoneNumber' must not be null");
        Objects.requireNonNull(at, "'at' must not be null");
        Objects.requireNonNull(source, "'source' must not be null");
    }
}
