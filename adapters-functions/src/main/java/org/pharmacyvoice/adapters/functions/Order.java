package org.pharmacyvoice.adapters.functions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A pickup order placed by phone; the unit price is the one quoted when the order was placed. */
record Order(
        long id,
        String customerName,
        Optional<String> callerPhone,
        long drugId,
        String drugName,
        int quantity,
        BigDecimal unitPrice,
        OrderStatus status,
        String note,
        Instant createdAt,
        Instant updatedAt) {

    Order {
        Objects.requireNonNull(customerName, "'customerName' must not be null");
        Objects.requireNonNull(callerPhone, "'callerPhone' must not be null");
        Objects.requireNonNull(unitPrice, "'unitPrice' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
    }

    BigDecimal totalPrice() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    /** Whether the order was placed from this caller's line. */
    boolean placedBy(CallerId caller) {
        return caller.number().isPresent() && caller.number().equals(callerPhone);
    }
}
