package org.pharmacyvoice.domain.counter;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.in.ListOrdersUseCase;
import org.pharmacyvoice.domain.counter.port.in.LookUpOrderUseCase;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.Requester;

/**
 * Answers questions about orders: staff see any order; a caller who has proved to be a patient sees only the orders
 * placed from a number on that patient's file, someone else's order looks exactly like one that does not exist, and
 * a caller who has proved nothing hears about none.
 */
public final class OrderInquiries implements LookUpOrderUseCase, ListOrdersUseCase {

    private final OrderLedger ledger;

    public OrderInquiries(OrderLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "'ledger' must not be null");
    }

    @Override
    public OrderSight lookUpOrder(long orderId, Requester requester) {
        Objects.requireNonNull(requester, "'requester' must not be null");
        if (requester instanceof Requester.Caller caller && !caller.isVerified()) {
            return new OrderSight.NotVerified(caller.identity().isLockedOut());
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
    public OrderSight recentOrdersOf(CallerIdentity caller) {
        Optional<Patient> patient = caller.patient();
        if (patient.isEmpty()) {
            return new OrderSight.NotVerified(caller.isLockedOut());
        }
        return new OrderSight.Listed(patient.get().phoneNumbers().stream()
                .flatMap(number -> ledger.recentFrom(number, RECENT_ORDERS).stream())
                .distinct()
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id).reversed())
                .limit(RECENT_ORDERS)
                .toList());
    }
}
