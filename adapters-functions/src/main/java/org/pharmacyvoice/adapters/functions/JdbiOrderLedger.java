package org.pharmacyvoice.adapters.functions;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/**
 * The order ledger port on the database; inside a unit of work it uses that unit's handle. Each status change is one
 * conditional UPDATE, and an agent's tool-call id is a unique key, so several servers sharing one database stay
 * consistent.
 */
final class JdbiOrderLedger implements OrderLedger {

    private final Jdbi jdbi;
    private final Clock clock;

    JdbiOrderLedger(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public List<Order> find(OrderFilter filter) {
        return jdbi.withHandle(handle -> new OrderBook(handle).matching(filter));
    }

    @Override
    public Optional<Order> order(long orderId) {
        return jdbi.withHandle(handle -> new OrderBook(handle).find(orderId));
    }

    @Override
    public Optional<Order> placedByToolCall(String toolCallId) {
        return jdbi.withHandle(handle -> new OrderBook(handle).placedByToolCall(toolCallId));
    }

    @Override
    public List<Order> recentFrom(String callerPhone, int limit) {
        return jdbi.withHandle(handle -> new OrderBook(handle).recentFrom(callerPhone, limit));
    }

    @Override
    public Order add(NewOrder order) {
        try {
            return jdbi.withHandle(handle -> new OrderBook(handle).add(order));
        } catch (RuntimeException e) {
            if (order.toolCallId().isPresent() && OrderBook.isDuplicateToolCall(e)) {
                throw new ToolCallAlreadyOrdered(order.toolCallId().get(), e);
            }
            throw e;
        }
    }

    @Override
    public boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next) {
        return jdbi.withHandle(handle -> new OrderBook(handle).changeStatus(orderId, expected, next,
                clock.instant()));
    }
}
