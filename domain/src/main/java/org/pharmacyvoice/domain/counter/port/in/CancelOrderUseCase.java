package org.pharmacyvoice.domain.counter.port.in;

import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/** Inbound port: cancel an order and put its packs back on the shelf, as a caller or as staff may. */
public interface CancelOrderUseCase {

    StatusChange cancelOrder(long orderId, Requester requester);
}
