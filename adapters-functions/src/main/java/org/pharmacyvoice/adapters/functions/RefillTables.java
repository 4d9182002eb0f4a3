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
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/** The refill table (the work queue) on one database handle. */
final class RefillTables {

    /**
     * The size of refill.tool_call_id. Longer ids (no agent sends them) are cut to it when written and when looked
     * up alike, so that a long id still queues once instead of failing the caller's request.
     */
    static final int MAX_TOOL_CALL_ID = 128;

    private static final String SELECT_REFILLS = """
            SELECT q.id, q.rx_number, q.patient_id, q.status, q.requested_at, q.ready_by, q.tool_call_id, q.updated_at
            FROM refill q
            """;

    private static final String NEWEST_FIRST = " ORDER BY q.requested_at DESC, q.id DESC";

    private static final RowMapper<Refill> REFILL_ROWS = (row, context) -> new Refill(
            row.getLong("id"),
            row.getString("rx_number"),
            row.getLong("patient_id"),
            status(row.getString("status")),
            row.getObject("requested_at", OffsetDateTime.class).toInstant(),
            row.getObject("ready_by", OffsetDateTime.class).toInstant(),
            Optional.ofNullable(row.getString("tool_call_id")),
            row.getObject("updated_at", OffsetDateTime.class).toInstant());

    private final Handle handle;

    RefillTables(Handle handle) {
        this.handle = handle;
    }

    /** Queues a new refill, pending, and returns it as stored. */
    Refill add(NewRefill refill) {
        OffsetDateTime requestedAt = utc(refill.requestedAt());
        long id = handle.createUpdate("""
                        INSERT INTO refill (rx_number, patient_id, status, requested_at, ready_by, updated_at,
                                            tool_call_id)
                        VALUES (:rx, :patient, :status, :requested, :readyBy, :requested, :call)""")
                .bind("rx", refill.rxNumber())
                .bind("patient", refill.patientId())
                .bind("status", refill.status().code())
                .bind("requested", requestedAt)
                .bind("readyBy", utc(refill.readyBy()))
                .bind("call", refill.toolCallId().map(RefillTables::stored).orElse(null))
                .executeAndReturnGeneratedKeys()
                .map((row, context) -> row.getLong("id"))
                .one();
        return find(id).orElseThrow();
    }

    Optional<Refill> find(long refillId) {
        return handle.createQuery(SELECT_REFILLS + "WHERE q.id = :id")
                .bind("id", refillId)
                .map(REFILL_ROWS)
                .findOne();
    }

    Optional<Refill> queuedByToolCall(String toolCallId) {
        return handle.createQuery(SELECT_REFILLS + "WHERE q.tool_call_id = :call")
                .bind("call", stored(toolCallId))
                .map(REFILL_ROWS)
                .findOne();
    }

    /** The newest refill of a prescription (the latest asked for; of two at the same instant, the later queued). */
    Optional<Refill> latestOf(String rxNumber) {
        return handle.createQuery(SELECT_REFILLS + "WHERE q.rx_number = :rx" + NEWEST_FIRST)
                .bind("rx", rxNumber)
                .setMaxRows(1)
                .map(REFILL_ROWS)
                .findFirst();
    }

    /** The refills matching a staff filter, newest first. */
    List<Refill> matching(RefillFilter filter) {
        var conditions = new ArrayList<String>();
        filter.status().ifPresent(status -> conditions.add("q.status = :status"));
        filter.patientId().ifPresent(patient -> conditions.add("q.patient_id = :patient"));
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
        Query query = handle.createQuery(SELECT_REFILLS + where + NEWEST_FIRST);
        filter.status().ifPresent(status -> query.bind("status", status.code()));
        filter.patientId().ifPresent(patient -> query.bind("patient", patient));
        return query.setMaxRows(filter.limit()).map(REFILL_ROWS).list();
    }

    /**
     * Moves the refill from {@code expected} to {@code next}; false if it is not {@code expected} (any more). The
     * check and the change are one statement, so of two changes racing for the same refill only one applies.
     */
    boolean changeStatus(long refillId, RefillStatus expected, RefillStatus next, Instant at) {
        return handle.createUpdate("""
                        UPDATE refill SET status = :next, updated_at = :at
                        WHERE id = :id AND status = :expected""")
                .bind("next", next.code())
                .bind("expected", expected.code())
                .bind("at", utc(at))
                .bind("id", refillId)
                .execute() == 1;
    }

    /** A tool-call id as the column holds it. */
    static String stored(String toolCallId) {
        return toolCallId.length() <= MAX_TOOL_CALL_ID ? toolCallId : toolCallId.substring(0, MAX_TOOL_CALL_ID);
    }

    private static RefillStatus status(String code) {
        return RefillStatus.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("unknown refill status in the database: " + code));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
