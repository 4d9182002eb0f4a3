package org.pharmacyvoice.domain.fakes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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

/**
 * The formulary, the order ledger and their units of work in memory, with the database's rules: compare-and-set
 * status changes, a stock check-and-take in one step, a unique tool-call id, and a unit of work that is undone whole
 * when it throws. Hooks let a test have a colleague change an order first, or a racing request write its order first.
 */
public final class InMemoryPharmacy implements Formulary, OrderLedger, Transactions {

    private final Map<Long, Drug> drugs = new HashMap<>();
    private final Map<Long, Order> orders = new HashMap<>();
    /** The agent request that placed each order, by order number. */
    private final Map<Long, String> toolCallIds = new HashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(1);
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private Runnable beforeNextChange = () -> { };
    private Runnable beforeNextAdd = () -> { };
    /** Writes another server committed while our unit of work was open: our rollback must not undo them. */
    private final List<Runnable> committedElsewhere = new ArrayList<>();
    private int depth;

    /** Puts a drug on the shelf with this many packs. */
    public synchronized Drug stock(long id, String genericName, int packs, String... brandNames) {
        return stock(id, genericName, packs, false, brandNames);
    }

    /** The same, for a drug that needs a prescription when {@code prescription} is true. */
    public synchronized Drug stock(long id, String genericName, int packs, boolean prescription,
                                   String... brandNames) {
        var drug = new Drug(id, genericName, List.of(brandNames), "10 mg", "tablet", "30 tablets",
                new BigDecimal("4.99"), packs, prescription, "", "");
        drugs.put(id, drug);
        return drug;
    }

    /** Writes an order in the given status, as if it had been placed (and moved along) already. */
    public synchronized Order placed(long drugId, int quantity, OrderStatus status, String callerPhone,
                                     Instant placedAt) {
        Drug drug = drugs.get(drugId);
        var order = new Order(nextOrderId.getAndIncrement(), "Alice Moreau", Optional.ofNullable(callerPhone),
                drugId, drug.genericName(), quantity, drug.price(), status, "", placedAt, placedAt);
        orders.put(order.id(), order);
        return order;
    }

    /** Runs {@code action} once, just before the next status change is applied. */
    public synchronized void beforeNextChange(Runnable action) {
        beforeNextChange = action;
    }

    /** Runs {@code action} once, just before the next order is written (e.g. a racing request writes first). */
    public synchronized void beforeNextAdd(Runnable action) {
        beforeNextAdd = action;
    }

    /** Overwrites an order's status without any rules, as a colleague's change would arrive. */
    public synchronized void force(long orderId, OrderStatus status) {
        orders.computeIfPresent(orderId, (id, order) -> withStatus(order, status));
    }

    public synchronized int stockOf(long drugId) {
        return drugs.get(drugId).stockOnHand();
    }

    /** Status changes applied so far (successful compare-and-sets). */
    public long changesApplied() {
        return changes.get();
    }

    /** Units of work committed, and undone because they threw. */
    public long committed() {
        return committed.get();
    }

    public long rolledBack() {
        return rolledBack.get();
    }

    public synchronized List<Order> allOrders() {
        return orders.values().stream().sorted(Comparator.comparing(Order::id)).toList();
    }

    @Override
    public synchronized <T> T inTransaction(Supplier<T> work) {
        if (depth > 0) {
            return work.get();
        }
        var drugsBefore = new HashMap<>(drugs);
        var ordersBefore = new HashMap<>(orders);
        var toolCallIdsBefore = new HashMap<>(toolCallIds);
        depth++;
        try {
            T result = work.get();
            committed.incrementAndGet();
            return result;
        } catch (RuntimeException e) {
            drugs.clear();
            drugs.putAll(drugsBefore);
            orders.clear();
            orders.putAll(ordersBefore);
            toolCallIds.clear();
            toolCallIds.putAll(toolCallIdsBefore);
            committedElsewhere.forEach(Runnable::run);
            rolledBack.incrementAndGet();
            throw e;
        } finally {
            committedElsewhere.clear();
            depth--;
        }
    }

    @Override
    public synchronized List<Drug> search(String query) {
        String needle = query.strip().toLowerCase(Locale.ROOT);
        return drugs.values().stream()
                .filter(drug -> drug.genericName().toLowerCase(Locale.ROOT).contains(needle)
                        || drug.brandNames().stream().anyMatch(b -> b.toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(Comparator.comparing(Drug::genericName))
                .toList();
    }

    @Override
    public synchronized Optional<Drug> drug(long drugId) {
        return Optional.ofNullable(drugs.get(drugId));
    }

    @Override
    public synchronized List<DrugName> names() {
        var names = new ArrayList<DrugName>();
        drugs.values().forEach(drug -> names.add(new DrugName(drug.id(), drug.genericName())));
        drugs.values().forEach(drug -> drug.brandNames().forEach(b -> names.add(new DrugName(drug.id(), b))));
        return names;
    }

    @Override
    public synchronized int stockOnHand(long drugId) {
        return drugs.get(drugId).stockOnHand();
    }

    @Override
    public synchronized boolean reserve(long drugId, int quantity) {
        Drug drug = drugs.get(drugId);
        if (drug == null || drug.stockOnHand() < quantity) {
            return false;
        }
        drugs.put(drugId, withStock(drug, drug.stockOnHand() - quantity));
        return true;
    }

    @Override
    public synchronized void restock(long drugId, int quantity) {
        drugs.computeIfPresent(drugId, (id, drug) -> withStock(drug, drug.stockOnHand() + quantity));
    }

    @Override
    public synchronized List<Order> find(OrderFilter filter) {
        return orders.values().stream()
                .filter(order -> filter.status().map(status -> order.status() == status).orElse(true))
                .filter(order -> filter.callerDigits()
                        .map(digits -> order.callerPhone().map(p -> p.replace("+", "").equals(digits)).orElse(false))
                        .orElse(true))
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id).reversed())
                .limit(filter.limit())
                .toList();
    }

    @Override
    public synchronized Optional<Order> order(long orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public synchronized Optional<Order> placedByToolCall(String toolCallId) {
        return orders.values().stream().filter(order -> toolCallId.equals(toolCallIds.get(order.id()))).findFirst();
    }

    @Override
    public synchronized List<Order> recentFrom(String callerPhone, int limit) {
        return orders.values().stream()
                .filter(order -> order.callerPhone().equals(Optional.of(callerPhone)))
                .sorted(Comparator.comparing(Order::createdAt).thenComparing(Order::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Order add(NewOrder order) {
        Runnable hook = beforeNextAdd;
        beforeNextAdd = () -> { };
        hook.run();
        if (order.toolCallId().isPresent() && placedByToolCall(order.toolCallId().get()).isPresent()) {
            throw new ToolCallAlreadyOrdered(order.toolCallId().get(), null);
        }
        Drug drug = drugs.get(order.drugId());
        var placed = new Order(nextOrderId.getAndIncrement(), order.customerName(), order.callerPhone(),
                order.drugId(), drug.genericName(), order.quantity(), order.unitPrice(), OrderStatus.PENDING,
                order.note(), order.placedAt(), order.placedAt());
        orders.put(placed.id(), placed);
        order.toolCallId().ifPresent(id -> toolCallIds.put(placed.id(), id));
        return placed;
    }

    /**
     * Writes the order a racing run of the same request committed on another connection, bypassing every check; a
     * unit of work open now and rolled back later leaves it in place.
     */
    public synchronized void addAsRival(NewOrder order) {
        writeRivalOrder(order);
        if (depth > 0) {
            committedElsewhere.add(() -> writeRivalOrder(order));
        }
    }

    private void writeRivalOrder(NewOrder order) {
        Drug drug = drugs.get(order.drugId());
        drugs.put(drug.id(), withStock(drug, drug.stockOnHand() - order.quantity()));
        var placed = new Order(nextOrderId.getAndIncrement(), order.customerName(), order.callerPhone(),
                order.drugId(), drug.genericName(), order.quantity(), order.unitPrice(), OrderStatus.PENDING,
                order.note(), order.placedAt(), order.placedAt());
        orders.put(placed.id(), placed);
        order.toolCallId().ifPresent(id -> toolCallIds.put(placed.id(), id));
    }

    @Override
    public synchronized boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next) {
        Runnable hook = beforeNextChange;
        beforeNextChange = () -> { };
        hook.run();
        Order order = orders.get(orderId);
        if (order == null || order.status() != expected) {
            return false;
        }
        orders.put(orderId, withStatus(order, next));
        changes.incrementAndGet();
        return true;
    }

    private static Drug withStock(Drug drug, int stock) {
        return new Drug(drug.id(), drug.genericName(), drug.brandNames(), drug.strength(), drug.form(),
                drug.packSize(), drug.price(), stock, drug.prescriptionRequired(), drug.commonUses(),
                drug.keyWarnings());
    }

    private static Order withStatus(Order order, OrderStatus status) {
        return new Order(order.id(), order.customerName(), order.callerPhone(), order.drugId(), order.drugName(),
                order.quantity(), order.unitPrice(), status, order.note(), order.createdAt(), order.updatedAt());
    }
}
