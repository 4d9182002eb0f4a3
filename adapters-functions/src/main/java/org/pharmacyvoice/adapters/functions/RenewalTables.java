package org.pharmacyvoice.adapters.functions;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.RenewalReason;
import org.pharmacyvoice.domain.prescription.RenewalRequest;

/** The renewal_request table on one database handle: requests to prescribers, open until staff deal with them. */
final class RenewalTables {

    private static final String SELECT_REQUESTS = """
            SELECT n.id, n.rx_number, n.patient_id, n.prescriber, n.reason, n.requested_at, n.is_open, n.tool_call_id
            FROM renewal_request n
            """;

    private static final RowMapper<RenewalRequest> REQUEST_ROWS = (row, context) -> new RenewalRequest(
            row.getLong("id"),
            row.getString("rx_number"),
            row.getLong("patient_id"),
            row.getString("prescriber"),
            reason(row.getString("reason")),
            row.getObject("requested_at", OffsetDateTime.class).toInstant(),
            row.getBoolean("is_open"),
            Optional.ofNullable(row.getString("tool_call_id")));

    private final Handle handle;

    RenewalTables(Handle handle) {
        this.handle = handle;
    }

    /** Records a new request, open, and returns it as stored. */
    RenewalRequest add(NewRenewalRequest request) {
        long id = handle.createUpdate("""
                        INSERT INTO renewal_request (rx_number, patient_id, prescriber, reason, requested_at, is_open,
                                                     tool_call_id)
                        VALUES (:rx, :patient, :prescriber, :reason, :requested, TRUE, :call)""")
                .bind("rx", request.rxNumber())
                .bind("patient", request.patientId())
                .bind("prescriber", request.prescriber())
                .bind("reason", request.reason().code())
                .bind("requested", request.requestedAt().atOffset(ZoneOffset.UTC))
                .bind("call", request.toolCallId().map(RefillTables::stored).orElse(null))
                .executeAndReturnGeneratedKeys()
                .map((row, context) -> row.getLong("id"))
                .one();
        return find(id).orElseThrow();
    }

    Optional<RenewalRequest> find(long requestId) {
        return handle.createQuery(SELECT_REQUESTS + "WHERE n.id = :id")
                .bind("id", requestId)
                .map(REQUEST_ROWS)
                .findOne();
    }

    /** The open request for a prescription; the oldest, should a race have left two. */
    Optional<RenewalRequest> openFor(String rxNumber) {
        return handle.createQuery(SELECT_REQUESTS + "WHERE n.rx_number = :rx AND n.is_open = TRUE ORDER BY n.id")
                .bind("rx", rxNumber)
                .setMaxRows(1)
                .map(REQUEST_ROWS)
                .findFirst();
    }

    /** Requests newest first; only the open ones when {@code openOnly}. */
    List<RenewalRequest> newest(boolean openOnly, int limit) {
        return handle.createQuery(SELECT_REQUESTS + (openOnly ? "WHERE n.is_open = TRUE " : "")
                        + "ORDER BY n.requested_at DESC, n.id DESC")
                .setMaxRows(limit)
                .map(REQUEST_ROWS)
                .list();
    }

    /**
     * Marks an open request dealt with; false if it was not open (or does not exist). The check and the change are
     * one statement, so of two colleagues closing it at once only one is told they did.
     */
    boolean close(long requestId) {
        return handle.createUpdate("UPDATE renewal_request SET is_open = FALSE WHERE id = :id AND is_open = TRUE")
                .bind("id", requestId)
                .execute() == 1;
    }

    private static RenewalReason reason(String code) {
        return RenewalReason.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("unknown renewal reason in the database: " + code));
    }
}
