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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.counter.port.in.PlaceOrderUseCase.PlaceOrder;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.pharmacy.CallerId;
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
 * The counter as callers reach it through the agent's tools: placing an order (stock, idempotency, races), looking
 * orders up, listing and cancelling their own, and nothing of anyone else's.
 */
class PhoneCounterTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:30:00Z");
    private static final String ALICE = "+15551230001";
    private static final String BOB = "+15551230002";
    private static final CallContext ALICES_CALL = new CallContext("CA1", "MZ1", ALICE, "+15550009999");
    private static final CallContext WITHHELD_CALL = new CallContext("CA2", "MZ2", "anonymous", "+15550009999");

    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final PharmacyCounter counter = PharmacyCounter.open(pharmacy, pharmacy, pharmacy,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Drug ibuprofen = pharmacy.stock(1, "ibuprofen", 10, "Advil", "Motrin");
    private final Drug amoxicillin = pharmacy.stock(2, "amoxicillin", 3, true, "Amoxil");

    private OrderPlacement place(String toolCallId, String drug, int packs) {
        return counter.placeOrder().placeOrder(new PlaceOrder(ALICES_CALL, toolCallId, "  Alice Moreau ", drug,
                packs));
    }

    private static Requester caller(String number) {
        return Requester.caller(CallerId.of(new CallContext("CA9", "MZ9", number, "")));
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
    void aPrescriptionDrugIsTakenWithTheNoteThatAPharmacistMustVerifyIt() {
        var placed = (OrderPlacement.Placed) place("fc_1", "Amoxil", 1);

        assertThat(placed.order().note(), is(OrderTaking.PRESCRIPTION_NOTE));
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
        assertThat(place("fc_1", "amoxicillin", 5), equalTo(new OrderPlacement.NotEnoughStock(amoxicillin, 5, 3)));
        assertThat(pharmacy.allOrders(), hasSize(0));
        assertThat(pharmacy.stockOf(amoxicillin.id()), is(3));
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
    void aCallerSeesTheirOwnOrderAndAnotherLinesOrderLooksLikeNoOrderAtAll() {
        Order alices = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, NOW);

        assertThat(counter.lookUpOrder().lookUpOrder(alices.id(), caller(ALICE)), equalTo(new OrderSight.Found(alices)));
        assertThat(counter.lookUpOrder().lookUpOrder(alices.id(), caller(BOB)),
                equalTo(new OrderSight.NotFound(alices.id())));
        assertThat(counter.lookUpOrder().lookUpOrder(999, caller(BOB)), equalTo(new OrderSight.NotFound(999)));
        assertThat(counter.lookUpOrder().lookUpOrder(alices.id(), caller("anonymous")),
                equalTo(new OrderSight.NoCallerId()));
    }

    @Test
    void aCallersRecentOrdersAreTheirLinesNewestFirstAndAtMostFive() {
        for (int i = 0; i < 7; i++) {
            pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, NOW.plusSeconds(i));
        }
        pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, BOB, NOW.plusSeconds(60));

        var listed = (OrderSight.Listed) counter.listOrders().recentOrdersOf(CallerId.of(ALICES_CALL));

        assertThat(listed.orders().stream().map(Order::id).toList(), contains(7L, 6L, 5L, 4L, 3L));
        assertThat(counter.listOrders().recentOrdersOf(CallerId.of(WITHHELD_CALL)),
                equalTo(new OrderSight.NoCallerId()));
    }

    @Test
    void aCallerCancelsTheirOwnPendingOrderAndItsPacksGoBack() {
        Order order = pharmacy.placed(ibuprofen.id(), 3, OrderStatus.PENDING, ALICE, NOW);

        var cancelled = (StatusChange.Changed) counter.cancelOrder().cancelOrder(order.id(), caller(ALICE));

        assertThat(cancelled.order().status(), is(OrderStatus.CANCELLED));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
        assertThat("cancelling again just confirms", counter.cancelOrder().cancelOrder(order.id(), caller(ALICE)),
                equalTo(new StatusChange.AlreadyThere(cancelled.order())));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
    }

    @Test
    void aCallerCannotCancelAReadyOrderNorAnotherLinesNorWithoutCallerId() {
        Order ready = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.READY, ALICE, NOW);
        Order bobs = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, BOB, NOW);

        assertThat(counter.cancelOrder().cancelOrder(ready.id(), caller(ALICE)),
                equalTo(new StatusChange.NotAllowed(ready, OrderStatus.CANCELLED)));
        assertThat(counter.cancelOrder().cancelOrder(bobs.id(), caller(ALICE)),
                equalTo(new StatusChange.NoSuchOrder(bobs.id())));
        assertThat(counter.cancelOrder().cancelOrder(bobs.id(), caller("anonymous")),
                equalTo(new StatusChange.NoCallerId()));
        assertThat(pharmacy.changesApplied(), is(0L));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
    }

    @Test
    void aCallerWhoseOrderStaffMarkReadyFirstIsToldItCanNoLongerBeCancelledByPhone() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.PENDING, ALICE, NOW);
        pharmacy.beforeNextChange(() -> pharmacy.force(order.id(), OrderStatus.READY));

        StatusChange change = counter.cancelOrder().cancelOrder(order.id(), caller(ALICE));

        var refused = (StatusChange.NotAllowed) change;
        assertThat(refused.order().status(), is(OrderStatus.READY));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
    }
}
