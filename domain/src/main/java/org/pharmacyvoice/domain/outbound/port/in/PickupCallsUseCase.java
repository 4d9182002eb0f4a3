package org.pharmacyvoice.domain.outbound.port.in;

import org.pharmacyvoice.domain.notification.Trigger;

/**
 * Inbound port: staff marked something ready to collect, so the patient gets a call. Called after the refill's or
 * the order's move to ready has committed; calling it again for the same refill or order queues nothing new.
 */
public interface PickupCallsUseCase {

    /** Queues a ready-for-pickup call to the patient's main number, if the refill is ready and they have one. */
    Trigger refillReady(long refillId);

    /** Queues a ready-for-pickup call to the number the order was placed from, if it is ready and has one. */
    Trigger orderReady(long orderId);
}
