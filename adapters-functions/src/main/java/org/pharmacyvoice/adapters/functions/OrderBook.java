package org.pharmacyvoice.adapters.functions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderFilter;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/** The orders table on one database handle. */
final class OrderBook {

    private static final String SELECT_ORDERS = """
            SELECT o.id, o.customer_name, o.caller_phone, o.drug_id, f.generic_name, o.quantity, o.unit_price,
                   o.status, o.note, o.created_at, o.updated_at
            FROM orders o JOIN formulary f ON f.id = o.drug_id
            """;

    private static final String NEWEST_FIRST = " ORDER BY o.created_at DESC, o.id DESC";

    private static final RowMapper<Order> ORDER_ROWS = (row, context) -> new Order(
            row.getLong("id"),
            row.getString("customer_name"),
            Optional.ofNullable(row.getString("caller_phone")),
            row.getLong("drug_id"),
            row.getString("generic_name"),
            row.getInt("quantity"),
            row.getBigDecimal("unit_price"),
            status(row.getString("status")),
            row.getString("note"),
            row.getObject("created_at", OffsetDateTime.class).toInstant(),
            row.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final Handle handle;

    OrderBook(Handle handle) {
        this.handle = handle;
    }

    /** Writes a new order, in the status the counter gave it, and returns it as stored. */
    Order add(NewOrder order) {
        OffsetDateTime placedAt = utc(order.placedAt());
        long id = handle.createUpdate("""
                        INSERT INTO orders (customer_name, caller_phone, drug_id, quantity, unit_price, status, note,
                                            created_at, updated_at, function_call_id)
                        VALUES (:customer, :phone, :drug, :quantity, :price, :status, :note,
                                :placed, :placed, :call)""")
                .bind("customer", order.customerName())
                .bind("phone", order.callerPhone().orElse(null))
                .bind("drug", order.drugId())
                .bind("quantity", order.quantity())
                .bind("price", order.unitPrice())
                .bind("status", order.status().code())
                .bind("note", order.note())
                .bind("placed", placedAt)
                .bind("call", order.toolCallId().orElse(null))
                .executeAndReturnGeneratedKeys()
                .map((row, context) -> row.getLong("id"))
                .one();
        return find(id).orElseThrow();
    }

    Optional<Order> find(long orderId) {
        return handle.createQuery(SELECT_ORDERS + "WHERE o.id = :id")
                .bind("id", orderId)
                .map(ORDER_ROWS)
                .findOne();
    }

    /** The order a tool call already placed, so that a repeated call does not place a second one. */
    Optional<Order> placedByToolCall(String toolCallId) {
        return handle.createQuery(SELECT_ORDERS + "WHERE o.function_call_id = :call")
                .bind("call", toolCallId)
                .map(ORDER_ROWS)
                .findOne();
    }

    /** The newest orders placed from a phone number, newest first. */
    List<Order> recentFrom(String callerPhone, int limit) {
        return handle.createQuery(SELECT_ORDERS + "WHERE o.caller_phone = :phone" + NEWEST_FIRST)
                .bind("phone", callerPhone)
                .setMaxRows(limit)
                .map(ORDER_ROWS)
                .list();
    }

    /**
     * The orders matching a staff filter, newest first. A phone number matches with or without its leading '+',
     * as numbers are stored the way the phone network gave them.
     */
    List<Order> matching(OrderFilter filter) {
        var conditions = new ArrayList<String>();
        filter.status().ifPresent(status -> conditions.add("o.status = :status"));
        filter.callerDigits().ifPresent(digits -> conditions.add("o.caller_phone IN (:digits, :plusDigits)"));
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
        Query query = handle.createQuery(SELECT_ORDERS + where + NEWEST_FIRST);
        filter.status().ifPresent(status -> query.bind("status", status.code()));
        filter.callerDigits().ifPresent(digits -> query.bind("digits", digits).bind("plusDigits", "+" + digits));
        return query.setMaxRows(filter.limit()).map(ORDER_ROWS).list();
    }

    /**
     * Moves the order from {@code expected} to {@code next}; false if it is not {@code expected} (any more). The
     * check and the change are one statement, so of two changes racing for the same order only one applies.
     */
    boolean changeStatus(long orderId, OrderStatus expected, OrderStatus next, Instant changedAt) {
        return handle.createUpdate("""
                        UPDATE orders SET status = :next, updated_at = :now
                        WHERE id = :id AND status = :expected""")
                .bind("next", next.code())
                .bind("expected", expected.code())
                .bind("now", utc(changedAt))
                .bind("id", orderId)
                .execute() == 1;
    }

    /** Whether a failed insert collided with an order another thread placed for the same tool call. */
    static boolean isDuplicateToolCall(RuntimeException error) {
        return UniqueViolation.in(error);
    }

    private static OrderStatus status(String code) {
        return OrderStatus.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("unknown order status in the database: " + code));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
