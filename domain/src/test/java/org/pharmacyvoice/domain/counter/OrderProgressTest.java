package org.pharmacyvoice.domain.counter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/** Staff moving orders along at the counter, and what they see of them. */
class OrderProgressTest {

    private static final Instant MORNING = Instant.parse("2025-03-14T09:30:00Z");
    private static final String ALICE = "+15551230001";

    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final PharmacyCounter counter = PharmacyCounter.open(pharmacy, pharmacy, pharmacy, Clock.systemUTC());
    private final Drug ibuprofen = pharmacy.stock(1, "ibuprofen", 10, "Advil", "Motrin");

    private StatusChange move(long orderId, OrderStatus next) {
        return counter.changeOrderStatus().changeOrderStatus(orderId, next);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PENDING, READY", "PENDING, CANCELLED", "READY, PICKED_UP", "READY, CANCELLED"})
    void givenAnAllowedMove_whenChangingStatus_thenTheOrderMovesInOneUnitOfWork(OrderStatus from, OrderStatus to) {
        Order order = pharmacy.placed(ibuprofen.id(), 2, from, ALICE, MORNING);

        StatusChange change = move(order.id(), to);

        assertThat(change, equalTo(new StatusChange.Changed(pharmacy.order(order.id()).orElseThrow())));
        assertThat(pharmacy.order(order.id()).orElseThrow().status(), is(to));
        assertThat(pharmacy.changesApplied(), is(1L));
        assertThat(pharmacy.committed(), is(1L));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PENDING,   PICKED_UP, 'Order 1 is pending: it can only become ready or cancelled, not picked_up.'",
            "READY,     PENDING,   'Order 1 is ready: it can only become picked_up or cancelled, not pending.'",
            "PICKED_UP, CANCELLED, 'Order 1 is picked up, and a picked up order can''t be changed.'",
            "PICKED_UP, READY,     'Order 1 is picked up, and a picked up order can''t be changed.'",
            "CANCELLED, READY,     'Order 1 is cancelled, and a cancelled order can''t be changed.'"})
    void givenAForbiddenMove_whenChangingStatus_thenTheReasonNamesWhatIsAllowed(OrderStatus from, OrderStatus to,
            String reason) {
        Order order = pharmacy.placed(ibuprofen.id(), 1, from, ALICE, MORNING);

        var refused = (StatusChange.NotAllowed) move(order.id(), to);

        assertThat(refused.reason(), is(reason));
        assertThat(pharmacy.order(order.id()).orElseThrow().status(), is(from));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
    }

    @Test
    void givenAPendingOrReadyOrder_whenStaffCancelIt_thenItsPacksGoBackOnTheShelf() {
        Order pending = pharmacy.placed(ibuprofen.id(), 3, OrderStatus.PENDING, ALICE, MORNING);
        Order ready = pharmacy.placed(ibuprofen.id(), 4, OrderStatus.READY, ALICE, MORNING);

        move(pending.id(), OrderStatus.CANCELLED);
        move(ready.id(), OrderStatus.CANCELLED);

        assertThat(pharmacy.stockOf(ibuprofen.id()), is(17));
    }

    @Test
    void givenAnOrderAlreadyInTheAskedStatus_whenAskedAgain_thenNothingChangesAndNothingIsRestockedTwice() {
        Order order = pharmacy.placed(ibuprofen.id(), 3, OrderStatus.PENDING, ALICE, MORNING);
        move(order.id(), OrderStatus.CANCELLED);

        StatusChange again = move(order.id(), OrderStatus.CANCELLED);

        assertThat(again, equalTo(new StatusChange.AlreadyThere(pharmacy.order(order.id()).orElseThrow())));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
        assertThat(pharmacy.changesApplied(), is(1L));
    }

    @Test
    void givenAnUnknownOrder_whenChangingStatus_thenItIsReportedMissing() {
        assertThat(move(99, OrderStatus.READY), equalTo(new StatusChange.NoSuchOrder(99)));
        assertThat(move(99, OrderStatus.CANCELLED), equalTo(new StatusChange.NoSuchOrder(99)));
    }

    @Test
    void givenAColleagueCancelsFirst_whenMarkingReady_thenTheMoveIsDecidedAgainOnTheCancelledOrder() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.PENDING, ALICE, MORNING);
        pharmacy.beforeNextChange(() -> counter.cancelOrder().cancelOrder(order.id(), Requester.STAFF));

        var refused = (StatusChange.NotAllowed) move(order.id(), OrderStatus.READY);

        assertThat(refused.order().status(), is(OrderStatus.CANCELLED));
        assertThat(refused.reason(), is("Order 1 is cancelled, and a cancelled order can't be changed."));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(12));
    }

    @Test
    void givenAColleagueMarksItReadyFirst_whenCancelling_thenItIsCancelledFromReadyAndRestockedOnce() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.PENDING, ALICE, MORNING);
        pharmacy.beforeNextChange(() -> pharmacy.force(order.id(), OrderStatus.READY));

        StatusChange change = move(order.id(), OrderStatus.CANCELLED);

        assertThat(((StatusChange.Changed) change).order().status(), is(OrderStatus.CANCELLED));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(12));
        assertThat(pharmacy.changesApplied(), is(1L));
    }

    @Test
    void staffSeeEveryOrderListedNewestFirstAndFilteredByStatusAndPhone() {
        Order first = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, MORNING);
        Order bobs = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, "+15551230002", MORNING.plusSeconds(60));
        Order ready = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.READY, ALICE, MORNING.plusSeconds(120));
        var list = counter.listOrders();

        assertThat(list.listOrders(OrderFilter.newest()), contains(ready, bobs, first));
        assertThat(list.listOrders(new OrderFilter(Optional.of(OrderStatus.PENDING), Optional.empty(), 50)),
                contains(bobs, first));
        assertThat(list.listOrders(new OrderFilter(Optional.empty(), Optional.of("15551230001"), 50)),
                contains(ready, first));
        assertThat(list.listOrders(new OrderFilter(Optional.empty(), Optional.empty(), 1)), contains(ready));
        assertThat(counter.lookUpOrder().lookUpOrder(bobs.id(), Requester.STAFF), equalTo(new OrderSight.Found(bobs)));
    }

    @Test
    void drugSearchIgnoresCaseAndSurroundingSpaces() {
        pharmacy.stock(2, "acetaminophen", 5, "Tylenol");
        var formulary = counter.browseFormulary();

        assertThat(formulary.searchDrugs("  tylenol "), contains(pharmacy.drug(2).orElseThrow()));
        assertThat(formulary.searchDrugs(""), contains(pharmacy.drug(2).orElseThrow(), ibuprofen));
        assertThat(formulary.drug(1), is(Optional.of(ibuprofen)));
    }

    @Test
    void aNullStatusIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> move(1, null));
    }
}
