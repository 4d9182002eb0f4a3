package org.pharmacyvoice.domain.notification;

import java.util.Arrays;
import java.util.Optional;

/** Why the pharmacy calls a patient: something is ready to collect, or a prescription is about to run out. */
public enum NotificationKind {
    READY_FOR_PICKUP("ready_for_pickup"),
    REFILL_REMINDER("refill_reminder");

    private final String code;

    NotificationKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<NotificationKind> fromCode(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
    }
}
