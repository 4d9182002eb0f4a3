package org.pharmacyvoice.domain.counter.port.in;

import java.util.List;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderSight;

/** Inbound port: lists of orders, for staff by a filter, for a verified caller their own recent ones. */
public interface ListOrdersUseCase {

    /** Most recent orders a caller's line placed. */
    int RECENT_ORDERS = 5;

    List<Order> listOrders(OrderFilter filter);

    /**
     * {@link OrderSight.Listed} with the verified patient's newest orders (placed from a number on their file), up
     * to {@link #RECENT_ORDERS}, or {@link OrderSight.NotVerified}.
     */
    OrderSight recentOrdersOf(CallerIdentity caller);
}
