package org.pharmacyvoice.domain.telephony;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A caller waiting to be called back by the pharmacy: who (their number and the call's summary), why nobody took the
 * call ({@code reason}), and their voicemail if they left one. Staff mark it done once they have called back.
 */
public record Callback(long id, String callSid, String callerNumber, String summary, Reason reason,
                       Optional<String> recordingUrl, int recordingSeconds, Instant requestedAt, boolean open) {

    /** Why the caller was not put through. */
    public enum Reason {
        /** The pharmacist did not pick up, was busy, or the call to them failed. */
        NOBODY_ANSWERED("nobody_answered"),
        /** The pharmacy was closed. */
        CLOSED("closed"),
        /** No pharmacist number is configured. */
        NO_PHARMACIST("no_pharmacist");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Optional<Reason> fromCode(String code) {
            for (Reason reason : values()) {
                if (reason.code.equals(code)) {
                    return Optional.of(reason);
                }
            }
            return Optional.empty();
        }
    }

    public Callback {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(callerNumber, "'callerNumber' must not be null");
        Objects.requireNonNull(summary, "'summary' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
        Objects.requireNonNull(recordingUrl, "'recordingUrl' must not be null");
        Objects.requireNonNull(requestedAt, "'requestedAt' must not be null");
    }
}
