package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugName;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;

/**
 * The counter's ports, {@link Formulary}, {@link OrderLedger} and {@link Transactions}, against a real database, and
 * the counter's races on it; subclasses only say which database, so the same contract holds on H2 and on PostgreSQL.
 */
abstract class FormularyAndLedgerContractTest {

    static final Instant OPENING_TIME = Instant.parse("2025-03-14T09:30:00Z");
    static final String ALICE = "+15551230001";
    static final String BOB = "+15551230002";
    static final int RACERS = 8;

    private PharmacyDatabase database;
    private Formulary formulary;
    private OrderLedger ledger;
    private Transactions transactions;
    private PharmacyCounter counter;

    /** Settings of a database with nothing in it, new for each test. */
    abstract DatabaseSettings emptyDatabase() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        database = PharmacyDatabase.open(emptyDatabase());
        formulary = database.formulary();
        ledger = database.orderLedger(new SteppingClock(Instant.parse("2025-03-14T12:00:00Z")));
        transactions = database.transactions();
        counter = PharmacyCounter.open(formulary, ledger, transactions, Clock.systemUTC());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    // --- the formulary

    @Test
    void searchFindsDrugsByPartOfTheirGenericNameInAnyCaseSortedByName() {
        assertThat(genericNames(formulary.search("STATIN")), contains("atorvastatin", "rosuvastatin", "simvastatin"));
    }

    @Test
    void searchFindsADrugByPartOfABrandName() {
        assertThat(genericNames(formulary.search("tylen")), contains("acetaminophen"));
        assertThat(genericNames(formulary.search("MOTRIN")), contains("ibuprofen"));
    }

    @Test
    void blankSearchListsTheWholeFormularySortedByGenericName() {
        List<Drug> all = formulary.search("  ");

        assertThat((long) all.size(), is(count("SELECT COUNT(*) FROM formulary")));
        assertThat(genericNames(all), is(genericNames(all).stream().sorted().toList()));
    }

    @Test
    void percentAndUnderscoreInASearchMatchOnlyThemselves() {
        assertThat(formulary.search("%"), is(empty()));
        assertThat(formulary.search("_"), is(empty()));
        assertThat(formulary.search("!"), is(empty()));
    }

    @Test
    void drugByIdHasEveryFactAndItsBrandNamesSorted() {
        long id = drugId("ibuprofen");

        Drug drug = formulary.drug(id).orElseThrow();

        assertThat(drug.genericName(), is("ibuprofen"));
        assertThat(drug.brandNames(), contains("Advil", "Motrin"));
        assertThat(drug.strength(), is("200 mg"));
        assertThat(drug.form(), is("tablet"));
        assertThat(drug.packSize(), is("100 tablets"));
        assertThat(drug.price(), is(new BigDecimal("7.99")));
        assertThat(drug.stockOnHand(), is(stockOf("ibuprofen")));
        assertThat(drug.prescriptionRequired(), is(false));
        assertThat(formulary.drug(999_999), is(Optional.empty()));
    }

    // --- finding orders

    @Test
    void ordersAreFoundNewestFirstAndFilteredByStatusAndByPhoneWithOrWithoutPlus() {
        Order first = place("ibuprofen", 1, ALICE, 0);
        Order bobs = place("aspirin", 1, BOB, 1);
        Order third = place("loratadine", 2, ALICE, 2);
        ledger.changeStatus(third.id(), OrderStatus.PENDING, OrderStatus.READY);

        assertThat(ids(ledger.find(OrderFilter.newest())), contains(third.id(), bobs.id(), first.id()));
        assertThat(ids(ledger.find(filter(OrderStatus.PENDING, null, 50))), contains(bobs.id(), first.id()));
        assertThat(ids(ledger.find(filter(null, "+15551230001", 50))), contains(third.id(), first.id()));
        assertThat(ids(ledger.find(filter(null, "15551230001", 50))), contains(third.id(), first.id()));
        assertThat(ids(ledger.find(filter(OrderStatus.READY, ALICE, 50))), contains(third.id()));
        assertThat(ids(ledger.find(filter(OrderStatus.CANCELLED, null, 50))), is(empty()));
    }

    @Test
    void aPageHoldsAtMostTheLimitNewestFirst() {
        var placed = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            placed.add(place("acetaminophen", 1, ALICE, i).id());
        }

        assertThat(ids(ledger.find(filter(null, null, 2))), contains(placed.get(4), placed.get(3)));
    }

    @Test
    void orderByIdHasEveryFactAsPlaced() {
        Order placed = place("ibuprofen", 3, ALICE, 0);

        Order found = ledger.order(placed.id()).orElseThrow();

        assertThat(found, is(placed));
        assertThat(found.drugName(), is("ibuprofen"));
        assertThat(found.totalPrice(), is(new BigDecimal("23.97")));
        assertThat(found.callerPhone(), is(Optional.of(ALICE)));
        assertThat(found.createdAt(), is(OPENING_TIME));
        assertThat(ledger.order(424_242), is(Optional.empty()));
    }

    // --- changing status

    @Test
    void statusChangesOnlyFromTheExpectedStatusAndRecordsWhen() {
        Order order = place("ibuprofen", 1, ALICE, 0);

        boolean wrongExpectation = ledger.changeStatus(order.id(), OrderStatus.READY, OrderStatus.PICKED_UP);
        boolean ready = ledger.changeStatus(order.id(), OrderStatus.PENDING, OrderStatus.READY);

        assertThat(wrongExpectation, is(false));
        assertThat(ready, is(true));
        assertThat(statusOf(order.id()), is("ready"));
        assertThat(ledger.order(order.id()).orElseThrow().updatedAt(), is(Instant.parse("2025-03-14T12:01:00Z")));
        assertThat(ledger.changeStatus(424_242, OrderStatus.PENDING, OrderStatus.READY), is(false));
    }

    @Test
    void changeStatusToCancelledIsAPlainCompareAndSetThatLeavesTheStockToTheCounter() {
        setStock("ibuprofen", 10);
        Order order = place("ibuprofen", 1, ALICE, 0);

        assertThat(ledger.changeStatus(order.id(), OrderStatus.PENDING, OrderStatus.CANCELLED), is(true));
        assertThat(statusOf(order.id()), is("cancelled"));
        assertThat(stockOf("ibuprofen"), is(9));
    }

    @Test
    void cancellingAtTheCounterPutsThePacksBackOnTheShelfOnce() {
        setStock("metformin", 50);
        Order order = place("metformin", 4, ALICE, 0);
        assertThat(stockOf("metformin"), is(46));

        StatusChange cancelled = counter.cancelOrder().cancelOrder(order.id(), Requester.STAFF);
        StatusChange again = counter.cancelOrder().cancelOrder(order.id(), Requester.STAFF);

        assertThat(cancelled, instanceOf(StatusChange.Changed.class));
        assertThat(again, instanceOf(StatusChange.AlreadyThere.class));
        assertThat(statusOf(order.id()), is("cancelled"));
        assertThat(stockOf("metformin"), is(50));
    }

    @Test
    void cancellingAReadyOrderPutsItsPacksBackToo() {
        setStock("lisinopril", 20);
        Order order = place("lisinopril", 2, ALICE, 0);
        ledger.changeStatus(order.id(), OrderStatus.PENDING, OrderStatus.READY);

        assertThat(counter.cancelOrder().cancelOrder(order.id(), Requester.STAFF),
                instanceOf(StatusChange.Changed.class));
        assertThat(stockOf("lisinopril"), is(20));
    }

    @Test
    void cancellingAPickedUpOrderChangesNothingAndRestocksNothing() {
        setStock("amlodipine", 20);
        Order order = place("amlodipine", 1, ALICE, 0);
        ledger.changeStatus(order.id(), OrderStatus.PENDING, OrderStatus.READY);
        ledger.changeStatus(order.id(), OrderStatus.READY, OrderStatus.PICKED_UP);

        assertThat(counter.cancelOrder().cancelOrder(order.id(), Requester.STAFF),
                instanceOf(StatusChange.NotAllowed.class));
        assertThat(statusOf(order.id()), is("picked_up"));
        assertThat(stockOf("amlodipine"), is(19));
    }

    @Test
    void aUnitOfWorkThatFailsLeavesNothingBehind() {
        setStock("cetirizine", 10);
        long drugId = drugId("cetirizine");

        assertThrows(IllegalStateException.class, () -> transactions.inTransaction(() -> {
            formulary.reserve(drugId, 3);
            ledger.add(newOrder(drugId, 3, "fc_undone"));
            throw new IllegalStateException("the caller hung up, say");
        }));

        assertThat(stockOf("cetirizine"), is(10));
        assertThat(ledger.placedByToolCall("fc_undone"), is(Optional.empty()));
    }

    @Test
    void aSecondOrderForTheSameToolCallIsRefusedAsAlreadyOrdered() {
        setStock("cetirizine", 10);
        long drugId = drugId("cetirizine");
        Order first = transactions.inTransaction(() -> ledger.add(newOrder(drugId, 1, "fc_once")));

        var refused = assertThrows(ToolCallAlreadyOrdered.class,
                () -> transactions.inTransaction(() -> ledger.add(newOrder(drugId, 1, "fc_once"))));

        assertThat(refused.toolCallId(), is("fc_once"));
        assertThat(ledger.placedByToolCall("fc_once"), is(Optional.of(first)));
    }

    @Test
    void reservingTakesPacksOnlyWhenThereAreEnoughAndRestockingPutsThemBack() {
        setStock("cetirizine", 2);
        long drugId = drugId("cetirizine");

        assertThat(formulary.reserve(drugId, 3), is(false));
        assertThat(formulary.reserve(drugId, 2), is(true));
        assertThat(formulary.stockOnHand(drugId), is(0));
        formulary.restock(drugId, 2);
        assertThat(formulary.stockOnHand(drugId), is(2));
    }

    @Test
    void everyGenericAndBrandNameIsANameOfItsDrug() {
        long ibuprofen = drugId("ibuprofen");

        assertThat(formulary.names(), hasItems(new DrugName(ibuprofen, "ibuprofen"), new DrugName(ibuprofen, "Advil"),
                new DrugName(ibuprofen, "Motrin")));
    }

    @Test
    void aLinesRecentOrdersAreItsOwnNewestFirst() {
        Order first = place("ibuprofen", 1, ALICE, 0);
        place("ibuprofen", 1, "+15551230002", 1);
        Order third = place("ibuprofen", 1, ALICE, 2);

        assertThat(ledger.recentFrom(ALICE, 5), contains(third, first));
        assertThat(ledger.recentFrom(ALICE, 1), contains(third));
    }

    @Test
    void staffRacingToCancelTheSameOrderRestockItExactlyOnce() throws Exception {
        setStock("cetirizine", 10);
        Order order = place("cetirizine", 3, ALICE, 0);

        List<StatusChange> results = race(() -> counter.cancelOrder().cancelOrder(order.id(), Requester.STAFF));

        assertThat(results.stream().filter(StatusChange.Changed.class::isInstance).count(), is(1L));
        assertThat(results.stream().filter(StatusChange.AlreadyThere.class::isInstance).count(),
                is((long) RACERS - 1));
        assertThat(stockOf("cetirizine"), is(10));
        assertThat(statusOf(order.id()), is("cancelled"));
    }

    @Test
    void staffRacingToMoveTheSameOrderOnlyOneMoveApplies() throws Exception {
        setStock("cetirizine", 10);
        Order order = place("cetirizine", 1, ALICE, 0);

        List<Boolean> results = race(() -> ledger.changeStatus(order.id(), OrderStatus.PENDING, OrderStatus.READY));

        assertThat(results.stream().filter(Boolean::booleanValue).count(), is(1L));
        assertThat(statusOf(order.id()), is("ready"));
    }

    // --- helpers

    /** Places an order the way place_order does (stock reserved, pending), {@code minutes} after opening. */
    private Order place(String genericName, int quantity, String phone, int minutes) {
        long drugId = drugId(genericName);
        return database.jdbi().inTransaction(handle -> {
            var shelf = new FormularyTables(handle);
            Drug drug = shelf.find(drugId).orElseThrow();
            assertThat("stock of " + genericName, shelf.reserve(drugId, quantity), is(true));
            return new OrderBook(handle).add(new NewOrder("Alice Moreau", Optional.ofNullable(phone),
                    drugId, quantity, drug.price(), "", OPENING_TIME.plusSeconds(60L * minutes), Optional.empty()));
        });
    }

    private static NewOrder newOrder(long drugId, int quantity, String toolCallId) {
        return new NewOrder("Alice Moreau", Optional.of(ALICE), drugId, quantity, new BigDecimal("1.00"), "",
                OPENING_TIME, Optional.of(toolCallId));
    }

    private static OrderFilter filter(OrderStatus status, String phone, int limit) {
        return new OrderFilter(Optional.ofNullable(status), Optional.ofNullable(phone), limit);
    }

    private static <T> List<T> race(Callable<T> call) throws Exception {
        return Racers.race(RACERS, call);
    }

    private static List<String> genericNames(List<Drug> drugs) {
        return drugs.stream().map(Drug::genericName).toList();
    }

    private static List<Long> ids(List<Order> orders) {
        return orders.stream().map(Order::id).toList();
    }

    private long count(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private long drugId(String genericName) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM formulary WHERE generic_name = :name")
                .bind("name", genericName)
                .mapTo(Long.class)
                .one());
    }

    private int stockOf(String genericName) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT stock_on_hand FROM formulary WHERE generic_name = :name")
                .bind("name", genericName)
                .mapTo(Integer.class)
                .one());
    }

    private void setStock(String genericName, int stock) {
        int updated = database.jdbi().withHandle(h -> h.createUpdate(
                        "UPDATE formulary SET stock_on_hand = :stock WHERE generic_name = :name")
                .bind("stock", stock)
                .bind("name", genericName)
                .execute());
        assertThat("drugs named " + genericName, updated, is(1));
    }

    private String statusOf(long orderId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT status FROM orders WHERE id = :id")
                .bind("id", orderId)
                .mapTo(String.class)
                .one());
    }
}
