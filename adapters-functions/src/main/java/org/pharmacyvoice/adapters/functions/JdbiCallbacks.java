package org.pharmacyvoice.adapters.functions;

import static org.pharmacyvoice.adapters.functions.ColumnText.clip;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.telephony.Callback;

/**
 * The callbacks port on the callback table, one row per call. Every write is a transaction of its own, and so on H2
 * written to the file before it returns: the caller has just heard that a pharmacist will call back.
 */
final class JdbiCallbacks implements Callbacks {

    /** Column sizes from V6__call_handoffs_and_callbacks.sql. */
    private static final int MAX_SID = 64;
    private static final int MAX_NUMBER = 40;
    private static final int MAX_SUMMARY = 1000;
    private static final int MAX_URL = 1000;

    private static final String SELECT_CALLBACKS = """
            SELECT id, call_sid, caller_number, summary, reason, recording_url, recording_seconds, requested_at,
                   done_at
            FROM callback
            """;

    private static final RowMapper<Callback> CALLBACK_ROWS = (row, context) -> new Callback(
            row.getLong("id"),
            row.getString("call_sid"),
            row.getString("caller_number"),
            row.getString("summary"),
            reason(row.getString("reason")),
            Optional.ofNullable(row.getString("recording_url")),
            row.getInt("recording_seconds"),
            row.getObject("requested_at", OffsetDateTime.class).toInstant(),
            row.getObject("done_at", OffsetDateTime.class) == null);

    private final Jdbi jdbi;

    JdbiCallbacks(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Callback add(String callSid, String callerNumber, String summary, Callback.Reason reason,
                        Optional<String> recordingUrl, int recordingSeconds, Instant at) {
        String sid = clip(callSid, MAX_SID);
        // Twilio repeating its request finds the callback here, without a refused insert in the server's log.
        Optional<Callback> filed = forCall(sid);
        if (filed.isPresent()) {
            return filed.get();
        }
        try {
            return jdbi.inTransaction(handle -> {
                long id = handle.createUpdate("""
                                INSERT INTO callback (call_sid, caller_number, summary, reason, recording_url,
                                                      recording_seconds, requested_at)
                                VALUES (:sid, :caller, :summary, :reason, :url, :seconds, :at)""")
                        .bind("sid", sid)
                        .bind("caller", clip(callerNumber, MAX_NUMBER))
                        .bind("summary", clip(summary, MAX_SUMMARY))
                        .bind("reason", reason.code())
                        .bind("url", recordingUrl.filter(url -> !url.isBlank()).map(url -> clip(url, MAX_URL))
                                .orElse(null))
                        .bind("seconds", Math.max(0, recordingSeconds))
                        .bind("at", at.atOffset(ZoneOffset.UTC))
                        .executeAndReturnGeneratedKeys()
                        .map((row, context) -> row.getLong("id"))
                        .one();
                return byId(handle, id);
            });
        } catch (RuntimeException e) {
            if (!UniqueViolation.in(e)) {
                throw e;
            }
            // The same request reached this or another server at the same moment, and that one filed it first.
            return forCall(sid).orElseThrow(() -> new IllegalStateException(
                    "a callback for " + sid + " was refused as a duplicate, but none is filed", e));
        }
    }

    @Override
    public List<Callback> list(boolean openOnly, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_CALLBACKS
                        + (openOnly ? "WHERE done_at IS NULL " : "") + "ORDER BY requested_at DESC, id DESC")
                .setMaxRows(limit)
                .map(CALLBACK_ROWS)
                .list());
    }

    /**
     * The check and the change are one statement, so of two colleagues marking it at once only one is told they
     * did.
     */
    @Override
    public boolean close(long id, Instant at) {
        return jdbi.inTransaction(handle -> handle.createUpdate(
                        "UPDATE callback SET done_at = :at WHERE id = :id AND done_at IS NULL")
                .bind("id", id)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .execute() == 1);
    }

    private Optional<Callback> forCall(String sid) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_CALLBACKS + "WHERE call_sid = :sid")
                .bind("sid", sid)
                .map(CALLBACK_ROWS)
                .findOne());
    }

    private static Callback byId(Handle handle, long id) {
        return handle.createQuery(SELECT_CALLBACKS + "WHERE id = :id")
                .bind("id", id)
                .map(CALLBACK_ROWS)
                .one();
    }

    private static Callback.Reason reason(String code) {
        return Callback.Reason.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("unknown callback reason in the database: " + code));
    }
}
