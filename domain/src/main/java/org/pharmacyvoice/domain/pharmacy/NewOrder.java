package org.pharmacyvoice.domain.pharmacy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An order about to be written, as the counter decided it; the ledger gives it its number. {@code toolCallId} is
 * the agent's id for the request that placed it: the same id never places a second order.
 */
public record NewOrder(String customerName, Optional<String> callerPhone, long drugId, int quantity,
                       BigDecimal unitPrice, String note, Instant placedAt, Optional<String> toolCallId) {

    public NewOrder {
        Objects.requireNonNull(customerName, "'customerName' must not be null");
        Objects.requireNonNull(callerPhone, "'callerPhone' must not be null");
        Objects.requireNonNull(unitPrice, "'unitPrice' must not be null");
        Objects.requireNonNull(note, "'note' must not be null");
        Objects.requireNonNull(placedAt, "'placedAt' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
        if (quantity < 1) {
            throw new IllegalArgumentException("an order is for at least one pack: " + quantity);
        }
    }

    /** Every order starts as pending: staff prepare it before the caller can pick it up. */
    public OrderStatus status() {
        return OrderStatus.PENDING;
    }
}
