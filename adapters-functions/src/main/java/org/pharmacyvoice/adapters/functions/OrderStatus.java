package org.pharmacyvoice.adapters.functions;

import java.util.Arrays;

/** Where an order is between the phone call and the pickup counter. */
enum OrderStatus {
    PENDING("pending"),
    READY("ready"),
    PICKED_UP("picked_up"),
    CANCELLED("cancelled");

    private final String code;

    OrderStatus(String code) {
        this.code = code;
    }

    /** The value stored in the orders table and told to the agent. */
    String code() {
        return code;
    }

    static OrderStatus fromCode(String code) {
        return Arrays.stream(values())
                .filter(status -> status.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown order status: " + code));
    }
}
