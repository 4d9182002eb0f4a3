package org.pharmacyvoice.domain.notification;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a notification is: queued (waiting for its next attempt), calling (one server has claimed it and is
 * dialling), or ended with the outcome staff see. A no-answer, busy or failed attempt with attempts left goes back to
 * queued with that outcome as its last one; the same states end it when the attempts are spent.
 */
public enum NotificationState {
    QUEUED("queued"),
    CALLING("calling"),
    ANSWERED("answered"),
    VOICEMAIL("voicemail"),
    NO_ANSWER("no_answer"),
    BUSY("busy"),
    FAILED("failed"),
    OPTED_OUT("opted_out"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    private final String code;

    NotificationState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<NotificationState> fromCode(String code) {
        return Arrays.stream(values()).filter(state -> state.code.equals(code)).findFirst();
    }

    /** Whether the notification may still lead to a call. */
    public boolean isOpen() {
        return this == QUEUED || this == CALLING;
    }
}
