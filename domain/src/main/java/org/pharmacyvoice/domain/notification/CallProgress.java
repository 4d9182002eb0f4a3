package org.pharmacyvoice.domain.notification;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a placed call is, as the network's status callbacks report it (Twilio's {@code CallStatus} values). Only the
 * final ones settle an attempt; callbacks may arrive out of order, so the earlier ones change nothing.
 */
public enum CallProgress {
    QUEUED("queued"),
    INITIATED("initiated"),
    RINGING("ringing"),
    IN_PROGRESS("in-progress"),
    COMPLETED("completed"),
    BUSY("busy"),
    NO_ANSWER("no-answer"),
    FAILED("failed"),
    CANCELED("canceled");

    private final String code;

    CallProgress(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isFinal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    /**
     * The attempt's outcome once the call is over: a completed call was answered, by the voicemail when detection
     * said a machine; a cancelled one rang out unanswered.
     */
    public Optional<CallOutcome> outcome(Optional<Answerer> answeredBy) {
        return switch (this) {
            case COMPLETED -> Optional.of(switch (answeredBy.orElse(Answerer.UNKNOWN)) {
                case MACHINE -> CallOutcome.VOICEMAIL;
                case FAX -> CallOutcome.FAILED;
                case PERSON, UNKNOWN -> CallOutcome.ANSWERED;
            });
            case BUSY -> Optional.of(CallOutcome.BUSY);
            case NO_ANSWER, CANCELED -> Optional.of(CallOutcome.NO_ANSWER);
            case FAILED -> Optional.of(CallOutcome.FAILED);
            default -> Optional.empty();
        };
    }

    public static Optional<CallProgress> fromCode(String code) {
        return Arrays.stream(values()).filter(progress -> progress.code.equals(code)).findFirst();
    }
}
