package org.pharmacyvoice.domain.prescription;

import java.util.Arrays;
import java.util.Optional;

/** Why the prescriber is asked for a new prescription. */
public enum RenewalReason {
    NO_REFILLS_LEFT("no_refills_left"),
    EXPIRED("expired");

    private final String code;

    RenewalReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<RenewalReason> fromCode(String code) {
        return Arrays.stream(values()).filter(reason -> reason.code.equals(code)).findFirst();
    }

    public String spoken() {
        return switch (this) {
            case NO_REFILLS_LEFT -> "there are no refills left on it";
            case EXPIRED -> "it has expired";
        };
    }
}
