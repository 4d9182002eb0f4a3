package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.counter.OrderTaking;
import org.pharmacyvoice.domain.pharmacy.DrugMatch;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.storefront.Storefront;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * The behaviour of the pharmacy tools against a real database; subclasses only say which database, so the same
 * contract holds on H2 and on PostgreSQL.
 */
abstract class PharmacyToolsContractTest {

    static final CallContext ALICE = new CallContext("CA-alice", "MZ-alice", "+15551230001", "+15550009999");
    static final CallContext BOB = new CallContext("CA-bob", "MZ-bob", "+15551230002", "+15550009999");
    static final CallContext WITHHELD = new CallContext("CA-withheld", "MZ-withheld", "anonymous", "+15550009999");
    /** Alice's line, but a caller who has proved nothing: caller ID alone must show nothing. */
    static final CallContext ALICES_LINE_UNVERIFIED = new CallContext("CA-spoof", "MZ-spoof", "+15551230001",
            "+15550009999");
    static final Instant OPENING_TIME = Instant.parse("2025-03-14T09:30:00Z");
    static final String NOT_VERIFIED = "The caller has not been verified, so no patient information can be given or "
            + "changed yet.";
    static final int RACERS = 8;

    private DatabaseSettings settings;
    PharmacyDatabase database;
    private Map<String, BusinessTool> tools;
    /** Who each test caller has proved to be: Alice and Bob are verified patients with their own lines on file. */
    private final Map<String, CallerIdentity> identities = new ConcurrentHashMap<>();

    /** Settings of a database with nothing in it, new for each test. */
    abstract DatabaseSettings emptyDatabase() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        settings = emptyDatabase();
        openTools();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    // --- migrations and restarts

    @Test
    void freshDatabaseIsMigratedAndSeededWithAtLeastFiftyDrugs() {
        assertThat(count("SELECT COUNT(*) FROM formulary"), greaterThanOrEqualTo(50L));
        assertThat(count("SELECT COUNT(*) FROM formulary_brand"), greaterThanOrEqualTo(50L));
        assertThat(count("SELECT COUNT(*) FROM formulary WHERE prescription_required = TRUE"), greaterThanOrEqualTo(20L));
        assertThat(count("SELECT COUNT(*) FROM formulary WHERE stock_on_hand = 0"), greaterThanOrEqualTo(1L));
        assertThat(count("SELECT COUNT(*) FROM formulary WHERE stock_on_hand = 1"), greaterThanOrEqualTo(1L));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(0L));
        assertThat(database.isReachable(), is(true));
    }

    @Test
    void ordersSurviveARestartAndTheSeedIsNotAppliedTwice() {
        long drugs = count("SELECT COUNT(*) FROM formulary");
        long orderId = orderId(place(ALICE, "Alice Moreau", "ibuprofen", 2));
        int stockAfterOrder = stockOf("ibuprofen");

        database.close();
        openTools();

        Map<String, Object> order = success(call("lookup_order", ALICE, "order_id", orderId));
        assertThat(order.get("customer_name"), is("Alice Moreau"));
        assertThat(order.get("quantity"), is(2L));
        assertThat(stockOf("ibuprofen"), is(stockAfterOrder));
        assertThat(count("SELECT COUNT(*) FROM formulary"), is(drugs));
    }

    @Test
    void aCommitIsOutOfThisServersMemoryBeforeItReturns() {
        assertThat(database.durability().description(), database.durability().crashSafe(), is(true));
    }

    // --- get_drug_info

    @Test
    void genericNameGivesTheDrugsFacts() {
        Map<String, Object> info = success(call("get_drug_info", ALICE, "drug_name", "ibuprofen"));

        assertThat(info.get("drug"), is("ibuprofen"));
        assertThat(info.get("brand_names"), is(List.of("Advil", "Motrin")));
        assertThat(info.get("strength"), is("200 mg"));
        assertThat(info.get("form"), is("tablet"));
        assertThat(info.get("price"), is(new BigDecimal("7.99")));
        assertThat(info.get("in_stock"), is(true));
        assertThat(info.get("stock_count"), is((long) stockOf("ibuprofen")));
        assertThat(info.get("prescription_required"), is(false));
        assertThat((String) info.get("uses"), containsString("fever"));
        assertThat((String) info.get("warnings"), containsString("stomach bleeding"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "Tylenol, acetaminophen",
            "ADVIL, ibuprofen",
            "motrin, ibuprofen",
            "lIpItOr, atorvastatin",
            "AMOXICILLIN, amoxicillin",
            "'  Zyrtec ', cetirizine",
            "pepto bismol, bismuth subsalicylate",
            "Z Pak, azithromycin"})
    void brandOrGenericNameInAnyCaseFindsTheDrug(String heard, String generic) {
        assertThat(success(call("get_drug_info", ALICE, "drug_name", heard)).get("drug"), is(generic));
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
            "ibuprofin, ibuprofen",
            "amoxicilin, amoxicillin",
            "Tylenal, Tylenol",
            "zirtek, Zyrtec",
            "lipiter, Lipitor",
            "metforman, metformin",
            "Tylenol extra strength, Tylenol"})
    void misspelledNameGetsSuggestionsInsteadOfAnotherDrugsFacts(String heard, String closest) {
        DrugMatch match = PharmacyCounters.on(database, Clock.systemUTC()).findDrug().findDrug(heard);
        assertThat(match, instanceOf(DrugMatch.Unknown.class));
        List<String> suggestions = ((DrugMatch.Unknown) match).suggestions();
        assertThat(suggestions.getFirst(), is(closest));
        assertThat(suggestions.size(), lessThanOrEqualTo(3));

        ToolResult.Failure failure = failure(call("get_drug_info", ALICE, "drug_name", heard));
        assertThat(failure.error(), containsString("No drug named '" + heard + "' in our formulary"));
        assertThat(failure.askCaller(), containsString("did you mean " + closest));
    }

    @Test
    void misspellingSuggestsEachDrugOnlyOnce() {
        DrugMatch match = PharmacyCounters.on(database, Clock.systemUTC()).findDrug().findDrug("amoxicilin");

        assertThat(((DrugMatch.Unknown) match).suggestions(), contains("amoxicillin"));
    }

    @Test
    void nameNothingLikeTheFormularyAsksTheCallerToSpellIt() {
        ToolResult.Failure failure = failure(call("get_drug_info", ALICE, "drug_name", "unobtainium"));

        assertThat(failure.error(), is("No drug named 'unobtainium' in our formulary."));
        assertThat(failure.askCaller(), containsString("spell"));
    }

    @Test
    void drugWithAnEmptyShelfIsReportedAsNotInStock() {
        setStock("esomeprazole", 0);

        Map<String, Object> info = success(call("get_drug_info", ALICE, "drug_name", "Nexium"));

        assertThat(info.get("in_stock"), is(false));
        assertThat(info.get("stock_count"), is(0L));
    }

    // --- place_order and lookup_order

    @Test
    void placedOrderIsFoundAgainByLookupAndTakesStockOffTheShelf() {
        setStock("ibuprofen", 10);

        Map<String, Object> placed = success(callWithId("place_order", ALICE, "fc_place_1",
                "customer_name", "Alice Moreau", "drug_name", "Advil", "quantity", 3));

        assertThat(placed.get("drug"), is("ibuprofen"));
        assertThat(placed.get("customer_name"), is("Alice Moreau"));
        assertThat(placed.get("quantity"), is(3L));
        assertThat(placed.get("unit_price"), is(new BigDecimal("7.99")));
        assertThat(placed.get("total_price"), is(new BigDecimal("23.97")));
        assertThat(placed.get("status"), is("pending"));
        assertThat(placed.get("note"), is(OrderTaking.PICKUP_NOTE));
        assertThat(placed.get("created_at"), is("2025-03-14T09:30:00Z"));
        assertThat(success(call("lookup_order", ALICE, "order_id", placed.get("order_id"))), is(placed));
        assertThat(stockOf("ibuprofen"), is(7));
        Map<String, Object> row = orderRow((Long) placed.get("order_id"));
        assertThat(row.get("caller_phone"), is(ALICE.callerNumber()));
        assertThat(row.get("function_call_id"), is("fc_place_1"));
        assertThat(row.get("status"), is("pending"));
    }

    @Test
    void quantityLeftOutMeansOnePack() {
        setStock("loratadine", 5);

        Map<String, Object> placed = success(call("place_order", ALICE,
                "customer_name", "Alice Moreau", "drug_name", "Claritin"));

        assertThat(placed.get("quantity"), is(1L));
        assertThat(placed.get("total_price"), is(new BigDecimal("11.99")));
        assertThat(stockOf("loratadine"), is(4));
    }

    @Test
    void sameToolCallTwicePlacesOneOrder() {
        setStock("cetirizine", 10);

        Map<String, Object> first = success(callWithId("place_order", ALICE, "fc_repeat",
                "customer_name", "Alice Moreau", "drug_name", "cetirizine", "quantity", 2));
        Map<String, Object> second = success(callWithId("place_order", ALICE, "fc_repeat",
                "customer_name", "Alice Moreau", "drug_name", "cetirizine", "quantity", 2));

        assertThat(second.get("order_id"), is(first.get("order_id")));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(1L));
        assertThat(stockOf("cetirizine"), is(8));
    }

    @Test
    void callersRacingForTheLastPackGetExactlyOneOrder() throws Exception {
        setStock("meclizine", 1);

        List<ToolResult> results = race(racer -> callWithId("place_order", ALICE, "fc_race_" + racer,
                "customer_name", "Racer " + racer, "drug_name", "meclizine"));

        assertThat(results.stream().filter(ToolResult.Success.class::isInstance).count(), is(1L));
        assertThat(results.stream().filter(ToolResult.Failure.class::isInstance)
                .map(r -> ((ToolResult.Failure) r).error()).toList(), everyItem(containsString("out of stock")));
        assertThat(stockOf("meclizine"), is(0));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(1L));
    }

    @Test
    void toolCallRacingWithItsOwnRepeatsPlacesOneOrder() throws Exception {
        setStock("famotidine", 5);

        List<ToolResult> results = race(racer -> callWithId("place_order", ALICE, "fc_same_call",
                "customer_name", "Alice Moreau", "drug_name", "Pepcid"));

        List<Object> orderIds = results.stream().map(r -> success(r).get("order_id")).distinct().toList();
        assertThat(orderIds, hasSize(1));
        assertThat(stockOf("famotidine"), is(4));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(1L));
    }

    @Test
    void prescriptionDrugIsNeverOrderedByPhoneButRefilledFromAPrescription() {
        int stock = stockOf("amoxicillin");

        ToolResult.Failure failure = failure(call("place_order", ALICE,
                "customer_name", "Alice Moreau", "drug_name", "amoxicillin", "quantity", 1));

        assertThat(failure.error(), is("Amoxicillin needs a prescription, so it can't be ordered by phone; nothing "
                + "was ordered."));
        assertThat(failure.askCaller(), containsString("request_refill"));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(0L));
        assertThat(stockOf("amoxicillin"), is(stock));
    }

    @Test
    void outOfStockDrugIsRefusedAndNoOrderIsWritten() {
        setStock("nicotine", 0);

        ToolResult.Failure failure = failure(call("place_order", ALICE,
                "customer_name", "Alice Moreau", "drug_name", "Nicorette", "quantity", 1));

        assertThat(failure.error(), is("Nicotine is out of stock, so no order was placed."));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(0L));
        assertThat(stockOf("nicotine"), is(0));
    }

    @Test
    void orderForMoreThanTheShelfHoldsOffersWhatIsThere() {
        setStock("naproxen", 2);

        ToolResult.Failure failure = failure(call("place_order", ALICE,
                "customer_name", "Alice Moreau", "drug_name", "Aleve", "quantity", 3));

        assertThat(failure.error(), containsString("Only 2 packs of naproxen in stock, not 3"));
        assertThat(failure.askCaller(), containsString("2 instead"));
        assertThat(stockOf("naproxen"), is(2));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(0L));
    }

    @Test
    void misspelledDrugInAnOrderGetsSuggestionsAndNoOrder() {
        ToolResult.Failure failure = failure(call("place_order", ALICE,
                "customer_name", "Alice Moreau", "drug_name", "ibuprofin"));

        assertThat(failure.askCaller(), containsString("did you mean ibuprofen"));
        assertThat(count("SELECT COUNT(*) FROM orders"), is(0L));
    }

    @Test
    void orderFromAWithheldNumberIsStoredWithoutAPhoneNumber() {
        long orderId = orderId(place(WITHHELD, "Carol Diaz", "aspirin", 1));

        assertThat(orderRow(orderId).get("caller_phone"), is(nullValue()));
    }

    @Test
    void unknownOrderNumberAsksTheCallerToRepeatIt() {
        ToolResult.Failure failure = failure(call("lookup_order", ALICE, "order_id", 424242));

        assertThat(failure.error(), is("No order number 424242 is on file for this patient."));
        assertThat(failure.askCaller(), startsWith("Ask the caller to repeat the order number."));
    }

    @Test
    void lookingUpSomeoneElsesOrderAnswersAsIfThereWereNone() {
        long alices = orderId(place(ALICE, "Alice Moreau", "naproxen", 2));
        long unknown = alices + 1000;

        ToolResult.Failure bobAsksForAlices = failure(call("lookup_order", BOB, "order_id", alices));
        ToolResult.Failure bobAsksForNone = failure(call("lookup_order", BOB, "order_id", unknown));

        assertThat(bobAsksForAlices.error(), is("No order number " + alices + " is on file for this patient."));
        assertThat(bobAsksForAlices.error().replace(Long.toString(alices), "N"),
                is(bobAsksForNone.error().replace(Long.toString(unknown), "N")));
        assertThat(bobAsksForAlices.askCaller(), is(bobAsksForNone.askCaller()));
        assertThat(bobAsksForAlices.toString(), not(containsString("Alice")));
        assertThat(bobAsksForAlices.toString(), not(containsString("naproxen")));
    }

    @ParameterizedTest(name = "caller \"{0}\"")
    @CsvSource({"anonymous", "+266696687", "softphone", "''", "+15551230001"})
    void anUnverifiedCallerHearsNoOrderDetailsNotEvenOfOrdersPlacedFromThatCallOrLine(String number) {
        var caller = new CallContext("CA-nobody", "MZ-nobody", number, "+15550009999");
        long placed = orderId(place(caller, "Carol Diaz", "aspirin", 1));

        ToolResult.Failure failure = failure(call("lookup_order", caller, "order_id", placed));

        assertThat(failure.error(), is(NOT_VERIFIED));
        assertThat(failure.askCaller(), containsString("verify_caller"));
        assertThat(failure.toString(), not(containsString("Carol")));
        assertThat(failure.toString(), not(containsString("aspirin")));
    }

    @Test
    void callerIdAloneShowsNothingOfTheOrdersPlacedFromThatLine() {
        long alices = orderId(place(ALICE, "Alice Moreau", "ibuprofen", 1));

        assertThat(failure(call("lookup_order", ALICES_LINE_UNVERIFIED, "order_id", alices)).error(),
                is(NOT_VERIFIED));
        assertThat(failure(call("find_my_orders", ALICES_LINE_UNVERIFIED)).error(), is(NOT_VERIFIED));
        assertThat(failure(call("cancel_order", ALICES_LINE_UNVERIFIED, "order_id", alices)).error(),
                is(NOT_VERIFIED));
        assertThat(orderRow(alices).get("status"), is("pending"));
    }

    // --- find_my_orders

    @Test
    void findMyOrdersListsOnlyTheCallersOwnOrdersNewestFirst() {
        long first = orderId(place(ALICE, "Alice Moreau", "ibuprofen", 1));
        long bobs = orderId(place(BOB, "Bob Okafor", "aspirin", 1));
        long second = orderId(place(ALICE, "Alice Moreau", "loratadine", 2));

        Map<String, Object> alices = success(call("find_my_orders", ALICE));
        Map<String, Object> bobsOrders = success(call("find_my_orders", BOB));

        assertThat(orderIdsIn(alices), contains(second, first));
        assertThat(alices.get("count"), is(2L));
        assertThat(orderIdsIn(bobsOrders), contains(bobs));
    }

    @Test
    void findMyOrdersTellsOnlyTheFiveNewest() {
        var placed = new ArrayList<Long>();
        for (int i = 0; i < 7; i++) {
            placed.add(orderId(place(ALICE, "Alice Moreau", "acetaminophen", 1)));
        }

        List<Long> listed = orderIdsIn(success(call("find_my_orders", ALICE)));

        assertThat(listed, contains(placed.get(6), placed.get(5), placed.get(4), placed.get(3), placed.get(2)));
    }

    @Test
    void findMyOrdersForANewCallerIsAnEmptyList() {
        assertThat(orderIdsIn(success(call("find_my_orders", BOB))), is(empty()));
    }

    @Test
    void findMyOrdersForAnUnverifiedCallerFindsNothing() {
        place(WITHHELD, "Carol Diaz", "aspirin", 1);

        ToolResult.Failure failure = failure(call("find_my_orders", WITHHELD));

        assertThat(failure.error(), is(NOT_VERIFIED));
        assertThat(failure.askCaller(), containsString("verify_caller"));
    }

    // --- cancel_order

    @Test
    void callerCancelsTheirOwnPendingOrderAndTheStockGoesBack() {
        setStock("cetirizine", 50);
        long orderId = orderId(place(ALICE, "Alice Moreau", "Zyrtec", 4));
        assertThat(stockOf("cetirizine"), is(46));

        Map<String, Object> cancelled = success(call("cancel_order", ALICE, "order_id", orderId));

        assertThat(cancelled.get("order_id"), is(orderId));
        assertThat(cancelled.get("status"), is("cancelled"));
        assertThat(orderRow(orderId).get("status"), is("cancelled"));
        assertThat(stockOf("cetirizine"), is(50));
    }

    @Test
    void cancellingTwiceConfirmsButRestocksOnce() {
        setStock("cetirizine", 50);
        long orderId = orderId(place(ALICE, "Alice Moreau", "cetirizine", 4));

        success(call("cancel_order", ALICE, "order_id", orderId));
        Map<String, Object> again = success(call("cancel_order", ALICE, "order_id", orderId));

        assertThat(again.get("status"), is("cancelled"));
        assertThat(stockOf("cetirizine"), is(50));
    }

    @Test
    void callerCannotCancelSomeoneElsesOrder() {
        setStock("naproxen", 20);
        long orderId = orderId(place(ALICE, "Alice Moreau", "naproxen", 2));

        ToolResult.Failure failure = failure(call("cancel_order", BOB, "order_id", orderId));

        assertThat("the same as for an order that does not exist", failure.error(),
                is("No order number " + orderId + " is on file for this patient."));
        assertThat(failure.toString(), not(containsString("Alice")));
        assertThat(orderRow(orderId).get("status"), is("pending"));
        assertThat(stockOf("naproxen"), is(18));
    }

    @Test
    void anUnverifiedCallerCannotCancelEvenAnOrderOfTheirOwnCall() {
        long orderId = orderId(place(WITHHELD, "Carol Diaz", "aspirin", 1));

        ToolResult.Failure failure = failure(call("cancel_order", WITHHELD, "order_id", orderId));

        assertThat(failure.error(), is(NOT_VERIFIED));

        assertThat(orderRow(orderId).get("status"), is("pending"));
    }

    @Test
    void orderAlreadyReadyCannotBeCancelledByPhone() {
        setStock("famotidine", 20);
        long orderId = orderId(place(ALICE, "Alice Moreau", "Pepcid", 1));
        database.jdbi().useHandle(h -> h.execute("UPDATE orders SET status = 'ready' WHERE id = ?", orderId));

        ToolResult.Failure failure = failure(call("cancel_order", ALICE, "order_id", orderId));

        assertThat(failure.error(), containsString("already ready"));
        assertThat(orderRow(orderId).get("status"), is("ready"));
        assertThat(stockOf("famotidine"), is(19));
    }

    @Test
    void cancellingAnUnknownOrderAsksTheCallerToRepeatTheNumber() {
        ToolResult.Failure failure = failure(call("cancel_order", ALICE, "order_id", 777));

        assertThat(failure.error(), is("No order number 777 is on file for this patient."));
    }

    // --- helpers

    private void openTools() {
        database = PharmacyDatabase.open(settings);
        tools = new LinkedHashMap<>();
        // The order tools need no dispensary; its tools have their own tests against the database's tables.
        var records = new InMemoryDispensary();
        var hours = OpeningHours.parse("Mon-Sun 00:00-23:59", ZoneOffset.UTC);
        var dispensary = Dispensary.open(records, records, records, records, records, new RefillPolicy(
                RefillRules.standard(), hours, Duration.ZERO), new SteppingClock(OPENING_TIME));
        for (BusinessTool tool : PharmacyTools.create(PharmacyCounters.on(database, new SteppingClock(OPENING_TIME)),
                dispensary, new Storefront(hours, new SteppingClock(OPENING_TIME)), new ScriptedErrands(),
                ZoneOffset.UTC)) {
            tools.put(tool.spec().name(), tool);
        }
    }

    ToolResult call(String tool, CallContext caller, Object... arguments) {
        return callWithId(tool, caller, "fc_" + UUID.randomUUID(), arguments);
    }

    ToolResult callWithId(String tool, CallContext caller, String toolCallId, Object... arguments) {
        CallerIdentity identity = identities.computeIfAbsent(caller.callSid(), sid -> identityOf(caller));
        return tools.get(tool).execute(ToolArguments.of(arguments), new ToolContext(caller, toolCallId, identity));
    }

    /** Alice and Bob have proved who they are (their own lines on file); any other caller has proved nothing. */
    private static CallerIdentity identityOf(CallContext caller) {
        var identity = new CallerIdentity(caller.callSid());
        LocalDate born = LocalDate.of(1980, 5, 14);
        String name = caller == ALICE ? "Alice Moreau" : caller == BOB ? "Bob Okafor" : "";
        if (!name.isEmpty()) {
            String[] parts = name.split(" ");
            identity.settle(IdentityClaim.of(name, born), List.of(new Patient(caller == ALICE ? 1 : 2, parts[0],
                    parts[1], born, List.of(caller.callerNumber()))));
        }
        return identity;
    }

    private ToolResult place(CallContext caller, String customer, String drug, int quantity) {
        return call("place_order", caller, "customer_name", customer, "drug_name", drug, "quantity", quantity);
    }

    private List<ToolResult> race(RacerCall racerCall) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            var startGate = new CountDownLatch(1);
            var futures = new ArrayList<Future<ToolResult>>();
            for (int racer = 0; racer < RACERS; racer++) {
                int number = racer;
                Callable<ToolResult> task = () -> {
                    startGate.await();
                    return racerCall.call(number);
                };
                futures.add(pool.submit(task));
            }
            startGate.countDown();
            var results = new ArrayList<ToolResult>();
            for (Future<ToolResult> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface RacerCall {
        ToolResult call(int racer);
    }

    static Map<String, Object> success(ToolResult result) {
        assertThat(result, instanceOf(ToolResult.Success.class));
        return ((ToolResult.Success) result).data();
    }

    static ToolResult.Failure failure(ToolResult result) {
        assertThat(result, instanceOf(ToolResult.Failure.class));
        return (ToolResult.Failure) result;
    }

    private static long orderId(ToolResult placed) {
        return (Long) success(placed).get("order_id");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> orderIdsIn(Map<String, Object> found) {
        return ((List<Map<String, Object>>) found.get("orders")).stream()
                .map(order -> (Long) order.get("order_id"))
                .toList();
    }

    long count(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    int stockOf(String genericName) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT stock_on_hand FROM formulary WHERE generic_name = :name")
                .bind("name", genericName)
                .mapTo(Integer.class)
                .one());
    }

    void setStock(String genericName, int stock) {
        int updated = database.jdbi().withHandle(h -> h.createUpdate(
                        "UPDATE formulary SET stock_on_hand = :stock WHERE generic_name = :name")
                .bind("stock", stock)
                .bind("name", genericName)
                .execute());
        assertThat("drugs named " + genericName, updated, is(1));
    }

    private Map<String, Object> orderRow(long orderId) {
        Optional<Map<String, Object>> row = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT caller_phone, status, note, function_call_id FROM orders WHERE id = :id")
                .bind("id", orderId)
                .map((rs, ctx) -> {
                    var values = new LinkedHashMap<String, Object>();
                    values.put("caller_phone", rs.getString("caller_phone"));
                    values.put("status", rs.getString("status"));
                    values.put("note", rs.getString("note"));
                    values.put("function_call_id", rs.getString("function_call_id"));
                    return (Map<String, Object>) values;
                })
                .findOne());
        return row.orElseThrow(() -> new AssertionError("no order row " + orderId));
    }
}
