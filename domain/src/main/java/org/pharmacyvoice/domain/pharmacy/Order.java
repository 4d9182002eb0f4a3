package org.pharmacyvoice.domain.pharmacy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A pickup order placed by phone, as the tools and the staff see it. The unit price is the one quoted when the
 * order was placed; {@code callerPhone} came from the phone network and is empty when the number was withheld.
 */
public record Order(
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

    public Order {
        Objects.requireNonNull(customerName, "'customerName' must not be null");
        Objects.requireNonNull(callerPhone, "'callerPhone' must not be null");
        Objects.requireNonNull(drugName, "'drugName' must not be null");
        Objects.requireNonNull(unitPrice, "'unitPrice' must not be null");
        Objects.requireNonNull(status, "'status' must not be null");
        note = note == null ? "" : note;
        Objects.requireNonNull(createdAt, "'createdAt' must not be null");
        Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("an order is for at least one pack: " + quantity);
        }
    }

    public BigDecimal totalPrice() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
