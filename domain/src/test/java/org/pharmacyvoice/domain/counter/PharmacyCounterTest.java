package org.pharmacyvoice.domain.counter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

class PharmacyCounterTest {

    private static final Instant MORNING = Instant.parse("2025-03-14T09:30:00Z");
    private static final String ALICE = "+15551230001";

    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final PharmacyCounter counter = new PharmacyCounter(pharmacy, pharmacy);
    private final Drug ibuprofen = pharmacy.stock(1, "ibuprofen", 10, "Advil", "Motrin");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PENDING, READY", "PENDING, CANCELLED", "READY, PICKED_UP", "READY, CANCELLED"})
    void givenAnAllowedMove_whenChangingStatus_thenTheOrderMoves(OrderStatus from, OrderStatus to) {
        Order order = pharmacy.placed(ibuprofen.id(), 2, from, ALICE, MORNING);

        StatusChange change = counter.changeStatus(order.id(), to);

        assertThat(change, equalTo(new StatusChange.Changed(pharmacy.order(order.id()).orElseThrow())));
        assertThat(pharmacy.order(order.id()).orElseThrow().status(), is(to));
        assertThat(pharmacy.changesApplied(), is(1L));
    }

    @Test
    void givenACancelledOrder_whenStaffMarkItPickedUp_thenItIsNotAllowedAndNothingChanges() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.CANCELLED, ALICE, MORNING);

        StatusChange change = counter.changeStatus(order.id(), OrderStatus.PICKED_UP);

        assertThat(change, equalTo(new StatusChange.NotAllowed(order, OrderStatus.PICKED_UP)));
        assertThat(((StatusChange.NotAllowed) change).reason(),
                is("Order 1 is cancelled, and a cancelled order can't be changed."));
        assertThat(pharmacy.changesApplied(), is(0L));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(10));
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

        var refused = (StatusChange.NotAllowed) counter.changeStatus(order.id(), to);

        assertThat(refused.reason(), is(reason));
        assertThat(pharmacy.order(order.id()).orElseThrow().status(), is(from));
    }

    @Test
    void givenAPendingOrder_whenCancelled_thenItsPacksGoBackOnTheShelf() {
        Order order = pharmacy.placed(ibuprofen.id(), 3, OrderStatus.PENDING, ALICE, MORNING);

        counter.changeStatus(order.id(), OrderStatus.CANCELLED);

        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
    }

    @Test
    void givenAReadyOrder_whenCancelled_thenItsPacksGoBackOnTheShelfToo() {
        Order order = pharmacy.placed(ibuprofen.id(), 4, OrderStatus.READY, ALICE, MORNING);

        counter.changeStatus(order.id(), OrderStatus.CANCELLED);

        assertThat(pharmacy.stockOf(ibuprofen.id()), is(14));
    }

    @Test
    void givenAnOrderAlreadyInTheAskedStatus_whenAskedAgain_thenNothingChangesAndNothingIsRestockedTwice() {
        Order order = pharmacy.placed(ibuprofen.id(), 3, OrderStatus.PENDING, ALICE, MORNING);
        counter.changeStatus(order.id(), OrderStatus.CANCELLED);

        StatusChange again = counter.changeStatus(order.id(), OrderStatus.CANCELLED);

        assertThat(again, equalTo(new StatusChange.AlreadyThere(pharmacy.order(order.id()).orElseThrow())));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(13));
        assertThat(pharmacy.changesApplied(), is(1L));
    }

    @Test
    void givenAnUnknownOrder_whenChangingStatus_thenItIsReportedMissing() {
        assertThat(counter.changeStatus(99, OrderStatus.READY), equalTo(new StatusChange.NoSuchOrder(99)));
    }

    @Test
    void givenAColleagueCancelsFirst_whenMarkingReady_thenTheMoveIsDecidedAgainOnTheCancelledOrder() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.PENDING, ALICE, MORNING);
        pharmacy.beforeNextChange(() -> pharmacy.cancel(order.id(), OrderStatus.PENDING));

        StatusChange change = counter.changeStatus(order.id(), OrderStatus.READY);

        var refused = (StatusChange.NotAllowed) change;
        assertThat(refused.order().status(), is(OrderStatus.CANCELLED));
        assertThat(refused.reason(), is("Order 1 is cancelled, and a cancelled order can't be changed."));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(12));
    }

    @Test
    void givenAColleagueMarksItReadyFirst_whenCancelling_thenItIsCancelledFromReadyAndRestockedOnce() {
        Order order = pharmacy.placed(ibuprofen.id(), 2, OrderStatus.PENDING, ALICE, MORNING);
        pharmacy.beforeNextChange(() -> pharmacy.force(order.id(), OrderStatus.READY));

        StatusChange change = counter.changeStatus(order.id(), OrderStatus.CANCELLED);

        assertThat(((StatusChange.Changed) change).order().status(), is(OrderStatus.CANCELLED));
        assertThat(pharmacy.stockOf(ibuprofen.id()), is(12));
        assertThat(pharmacy.changesApplied(), is(1L));
    }

    @Test
    void ordersAreListedNewestFirstAndFilteredByStatusAndPhone() {
        Order first = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, ALICE, MORNING);
        Order bobs = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.PENDING, "+15551230002", MORNING.plusSeconds(60));
        Order ready = pharmacy.placed(ibuprofen.id(), 1, OrderStatus.READY, ALICE, MORNING.plusSeconds(120));

        assertThat(counter.orders(OrderFilter.newest()), contains(ready, bobs, first));
        assertThat(counter.orders(new OrderFilter(Optional.of(OrderStatus.PENDING), Optional.empty(), 50)),
                contains(bobs, first));
        assertThat(counter.orders(new OrderFilter(Optional.empty(), Optional.of("15551230001"), 50)),
                contains(ready, first));
        assertThat(counter.orders(new OrderFilter(Optional.empty(), Optional.empty(), 1)), contains(ready));
    }

    @Test
    void drugSearchIgnoresCaseAndSurroundingSpaces() {
        pharmacy.stock(2, "acetaminophen", 5, "Tylenol");

        assertThat(counter.drugs("  tylenol "), contains(pharmacy.drug(2).orElseThrow()));
        assertThat(counter.drugs(""), contains(pharmacy.drug(2).orElseThrow(), ibuprofen));
        assertThat(counter.drug(1), is(Optional.of(ibuprofen)));
    }

    @Test
    void nullStatusIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> counter.changeStatus(1, null));
    }
}
