package org.pharmacyvoice.adapters.functions;

import static org.pharmacyvoice.adapters.functions.ColumnText.clip;

import java.lang.System.Logger.Level;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * The handoffs port on the call_handoff table, shared by every server on the database. A handoff is kept in a
 * transaction of its own, and so on H2 written to the file before it returns: the stream closes right after, and
 * Twilio's next request, perhaps to another server, must find it.
 */
final class JdbiHandoffs implements Handoffs {

    private static final System.Logger LOG = System.getLogger(JdbiHandoffs.class.getName());
    /** Column sizes from V6__call_handoffs_and_callbacks.sql. */
    private static final int MAX_SID = 64;
    private static final int MAX_NUMBER = 40;
    private static final int MAX_SUMMARY = 1000;

    private static final RowMapper<Handoff> HANDOFF_ROWS = (row, context) -> new Handoff(
            row.getString("call_sid"),
            kind(row.getString("kind")),
            row.getString("caller_number"),
            row.getString("summary"),
            row.getBoolean("announced"),
            row.getObject("created_at", OffsetDateTime.class).toInstant());

    private final Jdbi jdbi;

    JdbiHandoffs(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(Handoff handoff) {
        try {
            jdbi.useTransaction(handle -> handle.createUpdate("""
                            INSERT INTO call_handoff (call_sid, kind, caller_number, summary, announced, created_at)
                            VALUES (:sid, :kind, :caller, :summary, :announced, :at)""")
                    .bind("sid", clip(handoff.callSid(), MAX_SID))
                    .bind("kind", handoff.kind().name().toLowerCase(Locale.ROOT))
                    .bind("caller", clip(handoff.callerNumber(), MAX_NUMBER))
                    .bind("summary", clip(handoff.summary(), MAX_SUMMARY))
                    .bind("announced", handoff.announced())
                    .bind("at", handoff.at().atOffset(ZoneOffset.UTC))
                    .execute());
        } catch (RuntimeException e) {
            if (!UniqueViolation.in(e)) {
                throw e;
            }
            // The call's first handoff stands: it is what the caller was told.
            LOG.log(Level.DEBUG, "[{0}] a handoff is kept for this call already; the first one stands",
                    handoff.callSid());
        }
    }

    @Override
    public Optional<Handoff> find(String callSid) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT call_sid, kind, caller_number, summary, announced, created_at
                        FROM call_handoff WHERE call_sid = :sid""")
                .bind("sid", clip(callSid, MAX_SID))
                .map(HANDOFF_ROWS)
                .findOne());
    }

    private static Handoff.Kind kind(String code) {
        for (Handoff.Kind kind : Handoff.Kind.values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(code)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown handoff kind in the database: " + code);
    }
}
