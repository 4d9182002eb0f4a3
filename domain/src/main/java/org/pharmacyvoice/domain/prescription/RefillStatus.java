package org.pharmacyvoice.domain.prescription;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a refill is in the pharmacy's work queue: staff fill a pending refill and mark it ready, the patient picks it
 * up; a pending or ready refill may be cancelled (and its refill goes back on the prescription).
 */
public enum RefillStatus {
    PENDING("pending"),
    READY("ready"),
    PICKED_UP("picked_up"),
    CANCELLED("cancelled");

    private final String code;

    RefillStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<RefillStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(status -> status.code.equals(code)).findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(RefillStatus::code).toList();
    }

    public List<RefillStatus> next() {
        return switch (this) {
            case PENDING -> List.of(READY, CANCELLED);
            case READY -> List.of(PICKED_UP, CANCELLED);
            case PICKED_UP, CANCELLED -> List.of();
        };
    }

    public boolean canBecome(RefillStatus other) {
        return next().contains(other);
    }

    /** Whether the refill is still to be collected: a second request for the same Rx then adds nothing. */
    public boolean isOpen() {
        return this == PENDING || this == READY;
    }

    public String spoken() {
        return code.replace('_', ' ');
    }
}
