package org.pharmacyvoice.domain.counter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.counter.port.in.PlaceOrderUseCase.PlaceOrder;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugMatch;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderPlacement;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * The counter as callers reach it through the agent's tools: placing an order (stock, idempotency, races, never a
 * prescription drug), looking orders up, listing and cancelling their own once verified, and nothing of anyone
 * else's.
 */
class PhoneCounterTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:30:00Z");
    private static final String ALICE = "+15551230001";
    private static final String BOB = "+15551230002";
    private static final CallContext ALICES_CALL = new CallContext("CA1", "MZ1", ALICE, "+15550009999");
    private static final LocalDate BORN = LocalDate.of(1980, 5, 14);

    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final PharmacyCounter counter = PharmacyCounter.open(pharmacy, pharmacy, pharmacy,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Drug ibuprofen = pharmacy.stock(1, "ibuprofen", 10, "Advil", "Motrin");
    private final Drug amoxicillin = pharmacy.stock(2, "amoxicillin", 3, true, "Amoxil");

    private OrderPlacement place(String toolCallId, String drug, int packs) {
        return counter.placeOrder().placeOrder(new PlaceOrder(ALICES_CALL, toolCallId, "  Alice Moreau ", drug,
                packs));
    }

    /** A caller on the phone who has proved to be the patient with these numbers on file. */
    private static Requester patientWith(String... numbers) {
        var identity = new CallerIdentity("CA9");
        var patient = new Patient(9, "Alice", "Moreau", BORN, List.of(numbers));
        identity.settle(IdentityClaim.of("Alice Moreau", BORN), List.of(patient));
        return Requester.onPhone(identity);
    }

    private static Requester unverified() {
        return Requester.onPhone(new CallerIdentity("CA9"));
    }

    @Test
    void anOrderTakesItsPacksOffTheShelfAndIsWrittenPendingFromTheCallersLine() {
        var placed = (OrderPlacement.Placed) place("fc_1", "advil", 2);

        Order order = placed.order();
        assertThat(order.customerName(), is("Alice Moreau"));
        assertThat(order.callerPhone(), is(Optional.of(ALICE)));
        assertThat(order.drugId(), is(ibuprofen.id()));
        assertThat(order.quantity(), is(2));
        assertThat(order.unitPrice(), is(new BigDecimal("4.99")));
        assertThat(order.status(), is(OrderStatus.PENDING));
        assertThat(order.note(), is(OrderTaking.PICKUP_NOTE));
        assertThat(order.createdAt(), is(NOW));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(8));
        assertThat(pharmacy.committed(), is(1L));
    }

    @Test
    void aPrescriptionDrugIsNeverOrderedByPhone() {
        assertThat(place("fc_1", "Amoxil", 1), equalTo(new OrderPlacement.PrescriptionOnly(amoxicillin)));
        assertThat(pharmacy.allOrders(), hasSize(0));
        assertThat(pharmacy.stockOf(amoxicillin.id()), is(3));
    }

    @Test
    void theSameRequestNeverOrdersTwice() {
        var first = (OrderPlacement.Placed) place("fc_1", "ibuprofen", 2);

        var again = (OrderPlacement.Placed) place("fc_1", "ibuprofen", 2);

        assertThat(again.order(), equalTo(first.order()));
        assertThat(pharmacy.allOrders(), hasSize(1));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(8));
    }

    @Test
    void aRacingRunOfTheSameRequestThatWritesFirstIsTheAnswerAndOurWorkIsUndone() {
        pharmacy.beforeNextAdd(() -> pharmacy.addAsRival(new NewOrder("Alice Moreau", Optional.of(ALICE), 1, 2,
                new BigDecimal("4.99"), "", NOW, Optional.of("fc_1"))));

        var placed = (OrderPlacement.Placed) place("fc_1", "ibuprofen", 2);

        assertThat(pharmacy.allOrders(), contains(placed.order()));
        assertThat("only the rival's packs are off the shelf", pharmacy.stockOf(ibuprofen.id()), is(8));
        assertThat(pharmacy.rolledBack(), is(1L));
    }

    @Test
    void notEnoughPacksOrdersNothingAndSaysHowManyThereAre() {
        assertThat(place("fc_1", "ibuprofen", 11), equalTo(new OrderPlacement.NotEnoughStock(ibuprofen, 11, 10)));
        assertThat(pharmacy.allOrders(), hasSize(0));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
    }

    @Test
    void anUnknownDrugOrdersNothingAndSuggestsCloseNames() {
        var unknown = (OrderPlacement.UnknownDrug) place("fc_1", "ibuprofin", 1);

        assertThat(unknown.match(), equalTo(new DrugMatch.Unknown("ibuprofin", List.of("ibuprofen"))));
        assertThat(pharmacy.allOrders(), hasSize(0));
    }

    @Test
    void drugNamesAreMatchedWhateverTheirCaseSpacesAndHyphens() {
        pharmacy.stock(3, "metoprolol", 4, "Toprol-XL");

        assertThat(counter.findDrug().findDrug("toprol xl"), instanceOf(DrugMatch.Found.class));
        assertThat(((DrugMatch.Found) counter.findDrug().findDrug("TOPROLXL")).drug().id(), is(3L));
    }

    @Test
    void aVerifiedPatientSeesOrdersFromTheirNumbersAndAnotherLinesOrderLooksLikeNoOrderAtAll() {
        Order alices = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, NOW);

        assertThat(counter.lookUpOrder().lookUpOrder(alices.id(), patientWith(BOB, ALICE)),
                equalTo(new OrderSight.Found(alices)));
        assertThat(counter.lookUpOrder().lookUpOrder(alices.id(), patientWith(BOB)),
                equalTo(new OrderSight.NotFound(alices.id())));
        assertThat(counter.lookUpOrder().lookUpOrder(999, patientWith(BOB)), equalTo(new OrderSight.NotFound(999)));
    }

    @Test
    void aCallerWhoHasNotProvedWhoTheyAreHearsAboutNoOrderEvenFromTheLineThatPlacedIt() {
        Order alices = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, NOW);

        assertThat(counter.lookUpOrder().lookUpOrder(alices.id(), unverified()),
                equalTo(new OrderSight.NotVerified(false)));
        assertThat(counter.listOrders().recentOrdersOf(new CallerIdentity("CA1")),
                equalTo(new OrderSight.NotVerified(false)));
        assertThat(counter.cancelOrder().cancelOrder(alices.id(), unverified()),
                equalTo(new StatusChange.NotVerified(false)));
        assertThat(pharmacy.changesApplied(), is(0L));
    }

    @Test
    void aCallersRecentOrdersAreTheirLinesNewestFirstAndAtMostFive() {
        for (int i = 0; i < 7; i++) {
            pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, NOW.plusSeconds(i));
        }
        pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, BOB, NOW.plusSeconds(60));

        var alice = ((Requester.Caller) patientWith(ALICE)).identity();
        var listed = (OrderSight.Listed) counter.listOrders().recentOrdersOf(alice);

        assertThat(listed.orders().stream().map(Order::id).toList(), contains(7L, 6L, 5L, 4L, 3L));
        var aliceAndBob = ((Requester.Caller) patientWith(ALICE, BOB)).identity();
        assertThat(((OrderSight.Listed) counter.listOrders().recentOrdersOf(aliceAndBob)).orders().stream()
                .map(Order::id).toList(), contains(8L, 7L, 6L, 5L, 4L));
    }

    @Test
    void aCallerCancelsTheirOwnPendingOrderAndItsPacksGoBack() {
        Order order = pharmacy.placed(ibuprofen.id(), 3, OrderStatus.PENDING, ALICE, NOW);

        var cancelled = (StatusChange.Changed) counter.cancelOrder().cancelOrder(order.id(), patientWith(ALICE));

        assertThat(cancelled.order().status(), is(OrderStatus.CANCELLED));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
        assertThat("cancelling again just confirms", counter.cancelOrder().cancelOrder(order.id(), patientWith(ALICE)),
                equalTo(new StatusChange.AlreadyThere(cancelled.order())));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
    }

    @Test
    void aCallerCannotCancelAReadyOrderNorAnotherPatientsNorUnverified() {
        Order ready = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.READY, ALICE, NOW);
        Order bobs = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, BOB, NOW);

        assertThat(counter.cancelOrder().cancelOrder(ready.id(), patientWith(ALICE)),
                equalTo(new StatusChange.NotAllowed(ready, OrderStatus.CANCELLED)));
        assertThat(counter.cancelOrder().cancelOrder(bobs.id(), patientWith(ALICE)),
                equalTo(new StatusChange.NoSuchOrder(bobs.id())));
        assertThat(counter.cancelOrder().cancelOrder(bobs.id(), unverified()),
                equalTo(new StatusChange.NotVerified(false)));
        assertThat(pharmacy.changesApplied(), is(0L));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
    }

    @Test
    void aCallerWhoseOrderStaffMarkReadyFirstIsToldItCanNoLongerBeCancelledByPhone() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.PENDING, ALICE, NOW);
        pharmacy.beforeNextChange(() -> pharmacy.force(order.id(), OrderStatus.READY));

        StatusChange change = counter.cancelOrder().cancelOrder(order.id(), patientWith(ALICE));

        var refused = (StatusChange.NotAllowed) change;
        assertThat(refused.order().status(), is(OrderStatus.READY));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
    }
}
