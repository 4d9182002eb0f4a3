package org.pharmacyvoice.domain.counter.port.out;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/**
 * Outbound port: the orders the pharmacy has taken, as the staff work through them.
 *
 * <p>Status changes are compare-and-set: each one names the status the order is expected to be in, and does
 * nothing if someone (a colleague, a caller cancelling by phone, another server) changed it first.
 */
public interface OrderLedger {

    /** The orders matching the filter, newest first, at most {@link OrderFilter#limit()} of them. */
    List<Order> find(OrderFilter filter);

    Optional<Order> order(long orderId);

    /**
     * Moves the order from {@code expected} to {@code next}, if it is still {@code expected}; false if it isn't
     * (any more) or there is no such order. Not for cancelling, which also restocks: see {@link #cancel}.
     *
     * @throws IllegalArgumentException when {@code next} is {@link OrderStatus#CANCELLED}
     */
    boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next);

    /**
     * Cancels the order, if it is still {@code expected}, and puts its packs back on the shelf, both or neither;
     * false if it isn't (any more) {@code expected} or there is no such order.
     */
    boolean cancel(long orderId, OrderStatus expected);
}
