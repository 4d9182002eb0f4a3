package org.pharmacyvoice.domain.notification;

import java.util.Arrays;
import java.util.Optional;

/**
 * How one attempt to call ended, as Twilio's status and answering-machine callbacks tell it. A person or a machine
 * answering delivers the message; the others may be tried again.
 */
public enum CallOutcome {
    ANSWERED("answered", NotificationState.ANSWERED),
    VOICEMAIL("voicemail", NotificationState.VOICEMAIL),
    NO_ANSWER("no_answer", NotificationState.NO_ANSWER),
    BUSY("busy", NotificationState.BUSY),
    FAILED("failed", NotificationState.FAILED);

    private final String code;
    private final NotificationState state;

    CallOutcome(String code, NotificationState state) {
        this.code = code;
        this.state = state;
    }

    public String code() {
        return code;
    }

    /** The state a notification ends in when this was its last attempt. */
    public NotificationState state() {
        return state;
    }

    /** Whether the message reached the patient (or their voicemail), so no further attempt is made. */
    public boolean delivered() {
        return this == ANSWERED || this == VOICEMAIL;
    }

    public static Optional<CallOutcome> fromCode(String code) {
        return Arrays.stream(values()).filter(outcome -> outcome.code.equals(code)).findFirst();
    }
}
