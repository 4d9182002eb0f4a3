package org.pharmacyvoice.domain.counter;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.in.CancelOrderUseCase;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/**
 * Cancels orders, for callers and staff alike: the order is cancelled and its packs go back on the shelf in one
 * unit of work, if the requester may see the order and cancel it from the status it is in. Safe against colleagues,
 * callers and other servers changing the same order at the same moment: a lost race is decided again on the order
 * as it is then.
 */
public final class Cancellations implements CancelOrderUseCase {

    private static final System.Logger LOG = System.getLogger(Cancellations.class.getName());
    /** Each lost race means the order moved on a step; none moves more than twice, so this many looks decide. */
    static final int MAX_LOOKS = 4;

    private final Formulary formulary;
    private final OrderLedger ledger;
    private final Transactions transactions;

    public Cancellations(Formulary formulary, OrderLedger ledger, Transactions transactions) {
        this.formulary = Objects.requireNonNull(formulary, "'formulary' must not be null");
        this.ledger = Objects.requireNonNull(ledger, "'ledger' must not be null");
        this.transactions = Objects.requireNonNull(transactions, "'transactions' must not be null");
    }

    @Override
    public StatusChange cancelOrder(long orderId, Requester requester) {
        Objects.requireNonNull(requester, "'requester' must not be null");
        if (requester instanceof Requester.Caller caller && !caller.isVerified()) {
            return new StatusChange.NotVerified(caller.identity().isLockedOut());
        }
        for (int look = 0; look < MAX_LOOKS; look++) {
            Optional<StatusChange> decided = transactions.inTransaction(() -> tryToCancel(orderId, requester));
            if (decided.isPresent()) {
                return decided.get();
            }
        }
        throw new IllegalStateException("order " + orderId + " kept changing while it was being cancelled");
    }

    /** The outcome, or empty when someone changed the order between our look and our change. */
    private Optional<StatusChange> tryToCancel(long orderId, Requester requester) {
        Optional<Order> found = ledger.order(orderId).filter(requester::maySee);
        if (found.isEmpty()) {
            return Optional.of(new StatusChange.NoSuchOrder(orderId));
        }
        Order order = found.get();
        if (order.status() == OrderStatus.CANCELLED) {
            return Optional.of(new StatusChange.AlreadyThere(order));
        }
        if (!requester.mayCancel(order.status())) {
            return Optional.of(new StatusChange.NotAllowed(order, OrderStatus.CANCELLED));
        }
        if (!ledger.changeStatus(orderId, order.status(), OrderStatus.CANCELLED)) {
            return Optional.empty();
        }
        formulary.restock(order.drugId(), order.quantity());
        LOG.log(Level.INFO, "order {0} cancelled by {1}, {2} packs back on the shelf", Long.toString(orderId),
                requester instanceof Requester.Staff ? "staff" : "the caller", order.quantity());
        return Optional.of(new StatusChange.Changed(ledger.order(orderId).orElseThrow()));
    }
}
