package org.pharmacyvoice.domain.pharmacy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an order is between the phone call and the pickup counter, and where it may go from there: a pending order
 * becomes ready or is cancelled, a ready order is picked up or cancelled; picked-up and cancelled orders stay as
 * they are.
 */
public enum OrderStatus {
    PENDING("pending"),
    READY("ready"),
    PICKED_UP("picked_up"),
    CANCELLED("cancelled");

    private final String code;

    OrderStatus(String code) {
        this.code = code;
    }

    /** The value stored with the order and shown to the agent and to staff, e.g. "picked_up". */
    public String code() {
        return code;
    }

    /** The status with this code, exactly as {@link #code()} writes it. */
    public static Optional<OrderStatus> fromCode(String code) {
        return Arrays.stream(values()).filter(status -> status.code.equals(code)).findFirst();
    }

    /** Every code, in the order an order moves through them. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(OrderStatus::code).toList();
    }

    /** The statuses an order in this status may move to; empty for the final ones. */
    public List<OrderStatus> next() {
        return switch (this) {
            case PENDING -> List.of(READY, CANCELLED);
            case READY -> List.of(PICKED_UP, CANCELLED);
            case PICKED_UP, CANCELLED -> List.of();
        };
    }

    /** Whether an order in this status may move to {@code other}; staying where it is is not a move. */
    public boolean canBecome(OrderStatus other) {
        return next().contains(other);
    }

    /** Whether nothing can happen to an order in this status any more. */
    public boolean isFinal() {
        return next().isEmpty();
    }

    /** How people say it: "picked up" for {@code picked_up}. */
    public String spoken() {
        return code.replace('_', ' ');
    }
}
