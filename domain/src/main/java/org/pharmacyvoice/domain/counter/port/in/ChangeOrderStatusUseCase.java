package org.pharmacyvoice.domain.counter.port.in;

import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/** Inbound port: staff move an order along (ready, picked up, cancelled) by the rules of {@link OrderStatus}. */
public interface ChangeOrderStatusUseCase {

    StatusChange changeOrderStatus(long orderId, OrderStatus next);
}
