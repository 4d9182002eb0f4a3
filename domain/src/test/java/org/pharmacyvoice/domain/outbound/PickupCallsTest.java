package org.pharmacyvoice.domain.outbound;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.fakes.InMemoryOutbound;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/** Staff marking a refill or an order ready queue one ready-for-pickup call, to the right number, once. */
class PickupCallsTest {

    private static final Instant NOW = Instant.parse("2026-06-15T14:00:00Z");

    private final InMemoryDispensary records = new InMemoryDispensary();
    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final InMemoryOutbound outbound = new InMemoryOutbound();
    private final PickupCalls calls = new PickupCalls(outbound, records, records, pharmacy, new MovableClock(NOW));

    private Refill refill(RefillStatus status, String... phones) {
        records.patient(1, "Ruth", "Okafor", LocalDate.of(1961, 3, 3), phones);
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, LocalDate.of(2026, 4, 1), 5, 2, 30,
                LocalDate.of(2026, 5, 1));
        Refill refill = records.queuedElsewhere(new NewRefill("1000001", 1, NOW, NOW, Optional.empty()));
        records.colleagueSets(refill.id(), status);
        return refill;
    }

    @Test
    void aReadyRefillQueuesACallToThePatientsMainNumber() {
        Refill refill = refill(RefillStatus.READY, "(555) 123-0001", "+15559990000");

        Trigger trigger = calls.refillReady(refill.id());

        assertThat(trigger, instanceOf(Trigger.Notified.class));
        Notification n = ((Trigger.Notified) trigger).queued().notification();
        assertThat(n.kind(), is(NotificationKind.READY_FOR_PICKUP));
        assertThat(n.subject(), is(new Subject.ReadyRefill(refill.id())));
        assertThat(n.phoneNumber(), is("+15551230001"));
        assertThat(n.patientId(), is(Optional.of(1L)));
        assertThat(n.state(), is(NotificationState.QUEUED));
        assertThat(n.nextAttemptAt(), is(NOW));
    }

    @Test
    void markingTheSameRefillReadyTwiceQueuesOneCall() {
        Refill refill = refill(RefillStatus.READY, "+15551230001");

        var first = (Trigger.Notified) calls.refillReady(refill.id());
        var second = (Trigger.Notified) calls.refillReady(refill.id());

        assertThat(first.queued().isNew(), is(true));
        assertThat(second.queued().isNew(), is(false));
        assertThat(second.queued().notification().id(), is(first.queued().notification().id()));
        assertThat(outbound.list(Optional.empty(), 10), hasSize(1));
    }

    @Test
    void aPatientWithoutANumberOrARefillNotReadyGetsNoCall() {
        Refill noPhone = refill(RefillStatus.READY);
        assertThat(calls.refillReady(noPhone.id()), is(new Trigger.NoCall(
                "the patient of refill " + noPhone.id() + " has no phone number to call")));

        records.colleagueSets(noPhone.id(), RefillStatus.PENDING);
        assertThat(((Trigger.NotReady) calls.refillReady(noPhone.id())).why(), containsString("pending, not ready"));
        assertThat(((Trigger.NoCall) calls.refillReady(999)).why(), is("no refill 999"));
        assertThat(outbound.list(Optional.empty(), 10), is(empty()));
    }

    @Test
    void aReadyOrderQueuesACallToTheNumberItWasPlacedFromAndOneWithoutANumberNone() {
        pharmacy.stock(1, "ibuprofen", 10);
        var withPhone = pharmacy.placed(1, 1, OrderStatus.READY, "+15551230002", NOW);
        var withheld = pharmacy.placed(1, 1, OrderStatus.READY, null, NOW);
        var pending = pharmacy.placed(1, 1, OrderStatus.PENDING, "+15551230003", NOW);

        var notified = (Trigger.Notified) calls.orderReady(withPhone.id());
        calls.orderReady(withPhone.id());

        assertThat(notified.queued().notification().subject(), is(new Subject.ReadyOrder(withPhone.id())));
        assertThat(notified.queued().notification().phoneNumber(), is("+15551230002"));
        assertThat(notified.queued().notification().patientId(), is(Optional.empty()));
        assertThat(calls.orderReady(withheld.id()), instanceOf(Trigger.NoCall.class));
        assertThat(calls.orderReady(pending.id()), instanceOf(Trigger.NotReady.class));
        assertThat(outbound.list(Optional.empty(), 10).stream().map(Notification::phoneNumber).toList(),
                contains("+15551230002"));
    }
}
