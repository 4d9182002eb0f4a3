package org.pharmacyvoice.domain.counter;

import java.util.List;
import java.util.Objects;
import org.pharmacyvoice.domain.counter.port.in.ListOrdersUseCase;
import org.pharmacyvoice.domain.counter.port.in.LookUpOrderUseCase;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.pharmacy.CallerId;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.Requester;

/**
 * Answers questions about orders: staff see any order; a caller sees only the orders placed from their own line, and
 * someone else's order looks exactly like one that does not exist.
 */
public final class OrderInquiries implements LookUpOrderUseCase, ListOrdersUseCase {

    private final OrderLedger ledger;

    public OrderInquiries(OrderLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "'ledger' must not be null");
    }

    @Override
    public OrderSight lookUpOrder(long orderId, Requester requester) {
        Objects.requireNonNull(requester, "'requester' must not be null");
        if (requester instanceof Requester.Caller caller && !caller.id().isKnown()) {
            return new OrderSight.NoCallerId();
        }
        return ledger.order(orderId)
                .filter(requester::maySee)
                .<OrderSight>map(OrderSight.Found::new)
                .orElseGet(() -> new OrderSight.NotFound(orderId));
    }

    @Override
    public List<Order> listOrders(OrderFilter filter) {
        return ledger.find(Objects.requireNonNull(filter, "'filter' must not be null"));
    }

    @Override
    public OrderSight recentOrdersOf(CallerId caller) {
        if (!caller.isKnown()) {
            return new OrderSight.NoCallerId();
        }
        return new OrderSight.Listed(ledger.recentFrom(caller.number().orElseThrow(), RECENT_ORDERS));
    }
}
