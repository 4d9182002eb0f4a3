package org.pharmacyvoice.domain.counter;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.in.CancelOrderUseCase;
import org.pharmacyvoice.domain.counter.port.in.ChangeOrderStatusUseCase;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/**
 * Staff move orders along by the rules of {@link OrderStatus}; a cancellation goes through {@link Cancellations},
 * which also puts the packs back. Safe against everyone else changing the same order at the same moment: the
 * ledger only applies a change to the status it was decided on, and a lost race is decided again.
 */
public final class OrderProgress implements ChangeOrderStatusUseCase {

    private static final System.Logger LOG = System.getLogger(OrderProgress.class.getName());

    private final OrderLedger ledger;
    private final Transactions transactions;
    private final CancelOrderUseCase cancellations;

    public OrderProgress(OrderLedger ledger, Transactions transactions, CancelOrderUseCase cancellations) {
        this.ledger = Objects.requireNonNull(ledger, "'ledger' must not be null");
        this.transactions = Objects.requireNonNull(transactions, "'transactions' must not be null");
        this.cancellations = Objects.requireNonNull(cancellations, "'cancellations' must not be null");
    }

    @Override
    public StatusChange changeOrderStatus(long orderId, OrderStatus next) {
        Objects.requireNonNull(next, "'next' must not be null");
        if (next == OrderStatus.CANCELLED) {
            return cancellations.cancelOrder(orderId, Requester.STAFF);
        }
        for (int look = 0; look < Cancellations.MAX_LOOKS; look++) {
            Optional<StatusChange> decided = transactions.inTransaction(() -> tryToMove(orderId, next));
            if (decided.isPresent()) {
                return decided.get();
            }
        }
        throw new IllegalStateException("order " + orderId + " kept changing while it was being moved to "
                + next.code());
    }

    private Optional<StatusChange> tryToMove(long orderId, OrderStatus next) {
        Optional<Order> found = ledger.order(orderId);
        if (found.isEmpty()) {
            return Optional.of(new StatusChange.NoSuchOrder(orderId));
        }
        Order order = found.get();
        if (order.status() == next) {
            return Optional.of(new StatusChange.AlreadyThere(order));
        }
        if (!order.status().canBecome(next)) {
            return Optional.of(new StatusChange.NotAllowed(order, next));
        }
        if (!ledger.changeStatus(orderId, order.status(), next)) {
            return Optional.empty();
        }
        LOG.log(Level.INFO, "order {0} {1} -> {2}", Long.toString(orderId), order.status().code(), next.code());
        return Optional.of(new StatusChange.Changed(ledger.order(orderId).orElseThrow()));
    }
}
