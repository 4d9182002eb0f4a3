package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.notification.DialNumber;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/**
 * Queues the ready-for-pickup call when staff mark a refill or an order ready: to the patient's main number (the
 * first on file) for a refill, to the number the order was placed from for an order. The refill or order id is the
 * notification's subject, so marking it ready again, or two colleagues at once, queue one call.
 */
public final class PickupCalls implements PickupCallsUseCase {

    private static final System.Logger LOG = System.getLogger(PickupCalls.class.getName());

    private final NotificationBook book;
    private final RefillQueue refills;
    private final PatientRegistry patients;
    private final OrderLedger orders;
    private final Clock clock;

    public PickupCalls(NotificationBook book, RefillQueue refills, PatientRegistry patients, OrderLedger orders,
                       Clock clock) {
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.refills = Objects.requireNonNull(refills, "'refills' must not be null");
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
        this.orders = Objects.requireNonNull(orders, "'orders' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public Trigger refillReady(long refillId) {
        Optional<Refill> found = refills.refill(refillId);
        if (found.isEmpty()) {
            return new Trigger.NoCall("no refill " + refillId);
        }
        Refill refill = found.get();
        if (refill.status() != RefillStatus.READY) {
            return new Trigger.NotReady("refill " + refillId + " is " + refill.status().spoken() + ", not ready");
        }
        Optional<String> phone = patients.patient(refill.patientId())
                .flatMap(patient -> patient.phoneNumbers().stream().findFirst())
                .flatMap(DialNumber::of);
        if (phone.isEmpty()) {
            return new Trigger.NoCall("the patient of refill " + refillId + " has no phone number to call");
        }
        return queue(new NewNotification(NotificationKind.READY_FOR_PICKUP, new Subject.ReadyRefill(refillId),
                Optional.of(refill.patientId()), phone.get(), clock.instant()));
    }

    @Override
    public Trigger orderReady(long orderId) {
        Optional<Order> found = orders.order(orderId);
        if (found.isEmpty()) {
            return new Trigger.NoCall("no order " + orderId);
        }
        Order order = found.get();
        if (order.status() != OrderStatus.READY) {
            return new Trigger.NotReady("order " + orderId + " is " + order.status().code() + ", not ready");
        }
        Optional<String> phone = order.callerPhone().flatMap(DialNumber::of);
        if (phone.isEmpty()) {
            return new Trigger.NoCall("order " + orderId + " has no caller number to call");
        }
        return queue(new NewNotification(NotificationKind.READY_FOR_PICKUP, new Subject.ReadyOrder(orderId),
                Optional.empty(), phone.get(), clock.instant()));
    }

    private Trigger queue(NewNotification notification) {
        Queued queued = book.queue(notification);
        if (queued.isNew()) {
            LOG.log(Level.INFO, "notification {0} queued: {1} for {2}", Long.toString(queued.notification().id()),
                    notification.kind().code(), notification.subject().key());
        }
        return new Trigger.Notified(queued);
    }
}
