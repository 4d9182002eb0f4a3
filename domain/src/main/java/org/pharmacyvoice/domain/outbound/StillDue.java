package org.pharmacyvoice.domain.outbound;

import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.prescription.PrescriptionStatus;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/**
 * Whether the reason for a queued call still holds just before it is dialled: a refill or order still waiting to be
 * collected, a fill not yet refilled. A patient who picked up meanwhile is not called about it.
 */
final class StillDue {

    private final RefillQueue refills;
    private final OrderLedger orders;
    private final PrescriptionFile prescriptions;

    StillDue(RefillQueue refills, OrderLedger orders, PrescriptionFile prescriptions) {
        this.refills = Objects.requireNonNull(refills, "'refills' must not be null");
        this.orders = Objects.requireNonNull(orders, "'orders' must not be null");
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
    }

    boolean holds(Subject subject) {
        return switch (subject) {
            case Subject.ReadyRefill ready -> refills.refill(ready.refillId())
                    .filter(refill -> refill.status() == RefillStatus.READY).isPresent();
            case Subject.ReadyOrder ready -> orders.order(ready.orderId())
                    .filter(order -> order.status() == OrderStatus.READY).isPresent();
            case Subject.RunningOut fill -> prescriptions.prescription(fill.rxNumber())
                    .filter(rx -> rx.status() == PrescriptionStatus.ACTIVE)
                    .filter(rx -> rx.lastFilledOn().equals(Optional.of(fill.filledOn())))
                    .isPresent()
                    && refills.latestOf(fill.rxNumber()).filter(refill -> refill.status().isOpen()).isEmpty();
        };
    }
}
