package org.pharmacyvoice.domain.counter;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/**
 * The pharmacy counter as the staff work it: look up drugs and orders, and move orders along by the rules of
 * {@link OrderStatus}; a cancelled order's packs go back on the shelf.
 */
public final class PharmacyCounter {

    private static final System.Logger LOG = System.getLogger(PharmacyCounter.class.getName());
    /**
     * Each lost race means the order moved one step on; no order can move more than twice, so this many looks
     * always end in an answer.
     */
    private static final int MAX_LOOKS = 4;

    private final Formulary formulary;
    private final OrderLedger ledger;

    public PharmacyCounter(Formulary formulary, OrderLedger ledger) {
        this.formulary = Objects.requireNonNull(formulary, "'formulary' must not be null");
        this.ledger = Objects.requireNonNull(ledger, "'ledger' must not be null");
    }

    /** Drugs whose generic or brand name contains {@code query}, ignoring case; all of them for a blank query. */
    public List<Drug> drugs(String query) {
        return formulary.search(query == null ? "" : query.strip());
    }

    public Optional<Drug> drug(long drugId) {
        return formulary.drug(drugId);
    }

    public List<Order> orders(OrderFilter filter) {
        return ledger.find(filter);
    }

    public Optional<Order> order(long orderId) {
        return ledger.order(orderId);
    }

    /**
     * Moves an order to {@code next} if the rules allow it from the status it is in now. Safe against colleagues,
     * callers and other servers changing the same order at the same moment: the ledger only applies a change to
     * the status it was decided on, and a lost race is decided again on the order as it is then.
     */
    public StatusChange changeStatus(long orderId, OrderStatus next) {
        Objects.requireNonNull(next, "'next' must not be null");
        for (int look = 0; look < MAX_LOOKS; look++) {
            Optional<Order> found = ledger.order(orderId);
            if (found.isEmpty()) {
                return new StatusChange.NoSuchOrder(orderId);
            }
            Order order = found.get();
            if (order.status() == next) {
                return new StatusChange.AlreadyThere(order);
            }
            if (!order.status().canBecome(next)) {
                return new StatusChange.NotAllowed(order, next);
            }
            boolean moved = next == OrderStatus.CANCELLED
                    ? ledger.cancel(orderId, order.status())
                    : ledger.changeStatus(orderId, order.status(), next);
            if (moved) {
                LOG.log(Level.INFO, "order {0} {1} -> {2}{3}", Long.toString(orderId), order.status().code(), next.code(),
                        next == OrderStatus.CANCELLED ? ", " + order.quantity() + " x " + order.drugName()
                                + " back on the shelf" : "");
                return new StatusChange.Changed(ledger.order(orderId).orElseThrow());
            }
        }
        throw new IllegalStateException("order " + orderId + " kept changing while it was being moved to "
                + next.code());
    }
}
