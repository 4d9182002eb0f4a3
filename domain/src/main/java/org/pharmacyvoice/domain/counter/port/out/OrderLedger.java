package org.pharmacyvoice.domain.counter.port.out;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/**
 * Outbound port: the orders the pharmacy has taken. It keeps them and finds them; every decision about them is the
 * counter's.
 *
 * <p>Status changes are compare-and-set: each one names the status the order is expected to be in, and does nothing
 * if someone (a colleague, a caller, another server) changed it first.
 */
public interface OrderLedger {

    /** The orders matching the filter, newest first, at most {@link OrderFilter#limit()} of them. */
    List<Order> find(OrderFilter filter);

    Optional<Order> order(long orderId);

    /** The order an agent request already placed. */
    Optional<Order> placedByToolCall(String toolCallId);

    /** The newest orders placed from a phone number, newest first. */
    List<Order> recentFrom(String callerPhone, int limit);

    /**
     * Writes a pending order and returns it as stored, with its number.
     *
     * @throws ToolCallAlreadyOrdered when an order for the same tool call was written meanwhile
     */
    Order add(NewOrder order);

    /** Moves the order from {@code expected} to {@code next}, if it is still {@code expected}; false if not. */
    boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next);
}
