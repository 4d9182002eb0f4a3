package org.pharmacyvoice.domain.counter.port.in;

import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.Requester;

/** Inbound port: one order by its number, if the requester may see it. */
public interface LookUpOrderUseCase {

    OrderSight lookUpOrder(long orderId, Requester requester);
}
