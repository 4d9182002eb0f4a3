package org.pharmacyvoice.domain.telephony;

import java.util.Objects;

/**
 * Who is on the line: the telephony identifiers of one call and the numbers it connects.
 *
 * <p>Tools take the caller's number from here, never from what the language model says.
 */
public record CallContext(String callSid, String streamSid, String callerNumber, String calledNumber) {

    public CallContext {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(streamSid, "'streamSid' must not be null");
        callerNumber = callerNumber == null ? "" : callerNumber;
        calledNumber = calledNumber == null ? "" : calledNumber;
        if (callSid.isBlank()) {
            throw new IllegalArgumentException("callSid must not be blank");
        }
    }

    /** The caller's number with all but the last four digits hidden, for logs. */
    public String maskedCaller() {
        return PhoneNumbers.mask(callerNumber);
    }
}
