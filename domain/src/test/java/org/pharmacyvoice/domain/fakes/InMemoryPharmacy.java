package org.pharmacyvoice.domain.fakes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/**
 * The formulary and the order ledger in memory, with the same compare-and-set rules as the database; a hook runs
 * just before each status change, so tests can let a colleague change the order first.
 */
public final class InMemoryPharmacy implements Formulary, OrderLedger {

    private final Map<Long, Drug> drugs = new ConcurrentHashMap<>();
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(1);
    private final AtomicLong changes = new AtomicLong();
    private volatile Runnable beforeNextChange = () -> { };

    /** Puts a drug on the shelf with this many packs. */
    public Drug stock(long id, String genericName, int packs, String... brandNames) {
        var drug = new Drug(id, genericName, List.of(brandNames), "10 mg", "tablet", "30 tablets",
                new BigDecimal("4.99"), packs, false, "", "");
        drugs.put(id, drug);
        return drug;
    }

    /** Writes an order in the given status, as if it had been placed (and moved along) already. */
    public Order placed(long drugId, int quantity, OrderStatus status, String callerPhone, Instant placedAt) {
        Drug drug = drugs.get(drugId);
        var order = new Order(nextOrderId.getAndIncrement(), "Alice Moreau", Optional.ofNullable(callerPhone),
                drugId, drug.genericName(), quantity, drug.price(), status, "", placedAt, placedAt);
        orders.put(order.id(), order);
        return order;
    }

    /** Runs {@code action} once, just before the next status change is applied. */
    public void beforeNextChange(Runnable action) {
        beforeNextChange = action;
    }

    /** Overwrites an order's status without any rules, as a colleague's change would arrive. */
    public void force(long orderId, OrderStatus status) {
        orders.computeIfPresent(orderId, (id, order) -> withStatus(order, status));
    }

    public int stockOf(long drugId) {
        return drugs.get(drugId).stockOnHand();
    }

    /** Status changes applied so far (successful compare-and-sets). */
    public long changesApplied() {
        return changes.get();
    }

    @Override
    public List<Drug> search(String query) {
        String needle = query.strip().toLowerCase(Locale.ROOT);
        return drugs.values().stream()
                .filter(drug -> drug.genericName().toLowerCase(Locale.ROOT).contains(needle)
                        || drug.brandNames().stream().anyMatch(b -> b.toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(Comparator.comparing(Drug::genericName))
                .toList();
    }

    @Override
    public Optional<Drug> drug(long drugId) {
        return Optional.ofNullable(drugs.get(drugId));
    }

    @Override
    public List<Order> find(OrderFilter filter) {
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
    public Optional<Order> order(long orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next) {
        if (next == OrderStatus.CANCELLED) {
            throw new IllegalArgumentException("cancel with cancel(), which restocks");
        }
        return compareAndSet(orderId, expected, next) != null;
    }

    @Override
    public boolean cancel(long orderId, OrderStatus expected) {
        Order cancelled = compareAndSet(orderId, expected, OrderStatus.CANCELLED);
        if (cancelled == null) {
            return false;
        }
        drugs.computeIfPresent(cancelled.drugId(), (id, drug) -> new Drug(drug.id(), drug.genericName(),
                drug.brandNames(), drug.strength(), drug.form(), drug.packSize(), drug.price(),
                drug.stockOnHand() + cancelled.quantity(), drug.prescriptionRequired(), drug.commonUses(),
                drug.keyWarnings()));
        return true;
    }

    private synchronized Order compareAndSet(long orderId, OrderStatus expected, OrderStatus next) {
        Runnable hook = beforeNextChange;
        beforeNextChange = () -> { };
        hook.run();
        Order order = orders.get(orderId);
        if (order == null || order.status() != expected) {
            return null;
        }
        Order changed = withStatus(order, next);
        orders.put(orderId, changed);
        changes.incrementAndGet();
        return changed;
    }

    private static Order withStatus(Order order, OrderStatus status) {
        return new Order(order.id(), order.customerName(), order.callerPhone(), order.drugId(), order.drugName(),
                order.quantity(), order.unitPrice(), status, order.note(), order.createdAt(), order.updatedAt());
    }
}
