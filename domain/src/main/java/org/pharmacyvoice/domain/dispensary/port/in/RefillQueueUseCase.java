package org.pharmacyvoice.domain.dispensary.port.in;

import java.util.List;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillChange;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/** Inbound port for staff: the refill work queue, and moving a refill along it (pending, ready, picked up). */
public interface RefillQueueUseCase {

    List<Refill> listRefills(RefillFilter filter);

    RefillChange changeRefillStatus(long refillId, RefillStatus next);
}
