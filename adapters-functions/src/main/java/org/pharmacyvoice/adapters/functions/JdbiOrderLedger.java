package org.pharmacyvoice.adapters.functions;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/**
 * The order ledger port on the database. Each status change is one conditional UPDATE, and a cancellation puts
 * the packs back on the shelf in the same transaction, so several servers sharing one database stay consistent.
 */
final class JdbiOrderLedger implements OrderLedger {

    private static final System.Logger LOG = System.getLogger(JdbiOrderLedger.class.getName());

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
    public boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next) {
        if (next == OrderStatus.CANCELLED) {
            throw new IllegalArgumentException("cancelling also restocks: use cancel() for order " + orderId);
        }
        // A transaction, so that it is on disk before the staff member sees the change.
        return jdbi.inTransaction(handle -> new OrderBook(handle).changeStatus(orderId, expected, next,
                clock.instant()));
    }

    @Override
    public boolean cancel(long orderId, OrderStatus expected) {
        return jdbi.inTransaction(handle -> {
            var orders = new OrderBook(handle);
            if (!orders.changeStatus(orderId, expected, OrderStatus.CANCELLED, clock.instant())) {
                return false;
            }
            Order cancelled = orders.find(orderId).orElseThrow();
            new FormularyTables(handle).restock(cancelled.drugId(), cancelled.quantity());
            LOG.log(Level.INFO, "order {0} cancelled by staff, {1} x {2} back on the shelf",
                    Long.toString(orderId), cancelled.quantity(), cancelled.drugName());
            return true;
        });
    }
}
