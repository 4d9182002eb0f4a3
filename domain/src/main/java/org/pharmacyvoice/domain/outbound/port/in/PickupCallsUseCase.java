package org.pharmacyvoice.domain.outbound.port.in;

import org.pharmacyvoice.domain.notification.Trigger;

/**
 * Inbound port: staff moved a refill or an order, so the patient gets a call if it is now ready to collect. Called
 * after each move has committed, whatever it moved to ({@link Trigger.NotReady} when that is not ready); calling it
 * again for the same refill or order queues nothing new.
 */
public interface PickupCallsUseCase {

    /** Queues a ready-for-pickup call to the patient's main number, if the refill is ready and they have one. */
    Trigger refillReady(long refillId);

    /** Queues a ready-for-pickup call to the number the order was placed from, if it is ready and has one. */
    Trigger orderReady(long orderId);
}
