package org.pharmacyvoice.adapters.functions;

import static org.pharmacyvoice.adapters.functions.ColumnText.clip;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.pharmacyvoice.domain.call.port.out.CallHistory;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.CallRecord;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolJson;
import org.pharmacyvoice.domain.tool.ToolResult;

/** The pharmacy's call records in its database: written while calls happen, read back for staff. */
public final class CallArchive implements CallRecords, CallHistory {

    private static final System.Logger LOG = System.getLogger(CallArchive.class.getName());

    /** Column sizes from V3__call_records.sql: whatever a peer sent, a value never fails a write for its length. */
    private static final int MAX_SID = 64;
    private static final int MAX_NUMBER = 40;
    private static final int MAX_LINE = 4000;
    private static final int MAX_TOOL_CALL_ID = 128;
    private static final int MAX_TOOL_NAME = 64;
    private static final int MAX_ARGUMENTS = 4000;
    private static final int MAX_RESULT = 8000;

    private static final RowMapper<CallRecord> SUMMARY = (row, context) -> new CallRecord(
            row.getString("call_sid"),
            row.getString("stream_sid"),
            row.getString("caller_masked"),
            row.getString("caller_number"),
            row.getString("called_number"),
            Optional.ofNullable(row.getObject("started_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
            Optional.ofNullable(row.getObject("ended_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
            Optional.ofNullable(row.getString("end_reason")),
            Optional.ofNullable(row.getString("network_status")),
            row.getObject("duration_seconds") == null ? OptionalInt.empty()
                    : OptionalInt.of(row.getInt("duration_seconds")),
            List.of(),
            List.of());

    private final Jdbi jdbi;

    private CallArchive(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The archive in the pharmacy's database (the tables come with its migrations). */
    public static CallArchive in(PharmacyDatabase database) {
        return new CallArchive(database.jdbi());
    }

    /** One transaction: on H2 one checkpoint for the whole batch instead of one per record. */
    @Override
    public void together(Runnable writes) {
        jdbi.useTransaction(handle -> writes.run());
    }

    @Override
    public void callStarted(CallContext call, Instant at) {
        jdbi.useTransaction(handle -> {
            int updated = handle.createUpdate("""
                            UPDATE calls SET stream_sid = :stream, caller_masked = :masked, caller_number = :caller,
                                   called_number = :called, started_at = COALESCE(started_at, :at), updated_at = :at
                            WHERE call_sid = :sid""")
                    .bind("sid", clip(call.callSid(), MAX_SID)).bind("stream", clip(call.streamSid(), MAX_SID))
                    .bind("masked", clip(call.maskedCaller(), MAX_NUMBER))
                    .bind("caller", blankToNull(clip(call.callerNumber(), MAX_NUMBER)))
                    .bind("called", blankToNull(clip(call.calledNumber(), MAX_NUMBER))).bind("at", utc(at))
                    .execute();
            if (updated == 0) {
                handle.createUpdate("""
                                INSERT INTO calls (call_sid, stream_sid, caller_masked, caller_number, called_number,
                                                   started_at, updated_at)
                                VALUES (:sid, :stream, :masked, :caller, :called, :at, :at)""")
                        .bind("sid", clip(call.callSid(), MAX_SID)).bind("stream", clip(call.streamSid(), MAX_SID))
                        .bind("masked", clip(call.maskedCaller(), MAX_NUMBER))
                        .bind("caller", blankToNull(clip(call.callerNumber(), MAX_NUMBER)))
                        .bind("called", blankToNull(clip(call.calledNumber(), MAX_NUMBER))).bind("at", utc(at))
                        .execute();
            }
        });
    }

    @Override
    public void lineSpoken(String callSid, ConversationLine line, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO call_lines (call_sid, speaker, line_text, spoken_at)
                        VALUES (:sid, :speaker, :text, :at)""")
                .bind("sid", clip(callSid, MAX_SID)).bind("speaker", line.speaker().name())
                .bind("text", clip(line.text(), MAX_LINE)).bind("at", utc(at))
                .execute());
    }

    @Override
    public void linesRedacted(String callSid, UnaryOperator<String> redaction) {
        jdbi.useTransaction(handle -> {
            List<Map.Entry<Long, String>> lines = handle.createQuery(
                            "SELECT id, line_text FROM call_lines WHERE call_sid = :sid ORDER BY id")
                    .bind("sid", clip(callSid, MAX_SID))
                    .map((row, context) -> Map.entry(row.getLong("id"), row.getString("line_text")))
                    .list();
            for (Map.Entry<Long, String> line : lines) {
                String redacted = clip(redaction.apply(line.getValue()), MAX_LINE);
                if (!redacted.equals(line.getValue())) {
                    handle.createUpdate("UPDATE call_lines SET line_text = :text WHERE id = :id")
                            .bind("text", redacted).bind("id", line.getKey()).execute();
                }
            }
        });
    }

    @Override
    public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
        String arguments = call.rawArguments().isEmpty()
                ? call.arguments().map(a -> ToolJson.of(a.values())).orElse("")
                : call.rawArguments();
        // A transaction, so that it is on disk before the agent, and then the caller, hears the tool's answer.
        jdbi.useTransaction(handle -> handle.createUpdate("""
                        INSERT INTO call_tool_runs (call_sid, tool_call_id, tool_name, arguments, result, succeeded,
                                                    duration_ms, ran_at)
                        VALUES (:sid, :id, :name, :arguments, :result, :ok, :ms, :at)""")
                .bind("sid", clip(callSid, MAX_SID)).bind("id", clip(call.id(), MAX_TOOL_CALL_ID))
                .bind("name", clip(call.toolName(), MAX_TOOL_NAME))
                .bind("arguments", clip(arguments, MAX_ARGUMENTS))
                .bind("result", clip(ToolJson.of(result), MAX_RESULT))
                .bind("ok", result instanceof ToolResult.Success)
                .bind("ms", took.toMillis()).bind("at", utc(at))
                .execute());
    }

    @Override
    public void callEnded(String callSid, CallEndReason reason, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE calls SET ended_at = :at, end_reason = :reason, updated_at = :at
                        WHERE call_sid = :sid AND ended_at IS NULL""")
                .bind("sid", clip(callSid, MAX_SID)).bind("reason", reason.name()).bind("at", utc(at))
                .execute());
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
        jdbi.useTransaction(handle -> {
            Integer duration = durationSeconds.isPresent() ? durationSeconds.getAsInt() : null;
            int updated = handle.createUpdate("""
                            UPDATE calls SET network_status = :status,
                                   duration_seconds = COALESCE(:duration, duration_seconds), updated_at = :at
                            WHERE call_sid = :sid""")
                    .bind("sid", clip(callSid, MAX_SID)).bind("status", clip(status, 40)).bind("duration", duration)
                    .bind("at", utc(at))
                    .execute();
            if (updated == 0) {
                // A call whose stream never started here (turned away, or not ours): a bare row would only clutter
                // the list of calls.
                LOG.log(Level.DEBUG, "a status callback for a call without a record was not kept");
            }
        });
    }

    @Override
    public List<CallRecord> recent(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT * FROM calls
                        ORDER BY COALESCE(started_at, updated_at) DESC, call_sid
                        FETCH FIRST :limit ROWS ONLY""")
                .bind("limit", Math.max(1, limit))
                .map(SUMMARY)
                .list());
    }

    @Override
    public Optional<CallRecord> find(String callSid) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM calls WHERE call_sid = :sid")
                .bind("sid", callSid)
                .map(SUMMARY)
                .findOne()
                .map(summary -> withDetails(handle, summary)));
    }

    /**
     * Also forgets the calls' handoffs, which name the verified patient and their prescriptions, and the callbacks
     * staff marked done before the cutoff; open callbacks stay until someone has called back.
     */
    @Override
    public int forgetBefore(Instant cutoff) {
        // A call goes whole, by its last update, so one that straddles the cutoff keeps its first words. No foreign
        // key ties lines, tool runs and handoffs to a call (see V3, V6): those of no call go by their own time.
        return jdbi.inTransaction(handle -> {
            // Each table of a call's details, with the column of its own time.
            for (var details : Map.of("call_lines", "spoken_at", "call_tool_runs", "ran_at",
                    "call_handoff", "created_at").entrySet()) {
                handle.createUpdate("DELETE FROM " + details.getKey()
                                + " WHERE call_sid IN (SELECT call_sid FROM calls WHERE updated_at < :cutoff)"
                                + " OR (" + details.getValue() + " < :cutoff"
                                + " AND call_sid NOT IN (SELECT call_sid FROM calls))")
                        .bind("cutoff", utc(cutoff))
                        .execute();
            }
            // A callback outlives its call while it is open: it is work to do, not a record.
            handle.createUpdate("DELETE FROM callback WHERE done_at < :cutoff")
                    .bind("cutoff", utc(cutoff))
                    .execute();
            return handle.createUpdate("DELETE FROM calls WHERE updated_at < :cutoff")
                    .bind("cutoff", utc(cutoff))
                    .execute();
        });
    }

    private static CallRecord withDetails(Handle handle, CallRecord summary) {
        List<CallRecord.Line> lines = handle.createQuery("""
                        SELECT speaker, line_text, spoken_at FROM call_lines WHERE call_sid = :sid ORDER BY id""")
                .bind("sid", summary.callSid())
                .map((row, context) -> new CallRecord.Line(Speaker.valueOf(row.getString("speaker")),
                        row.getString("line_text"), row.getObject("spoken_at", OffsetDateTime.class).toInstant()))
                .list();
        List<CallRecord.ToolRun> runs = handle.createQuery("""
                        SELECT * FROM call_tool_runs WHERE call_sid = :sid ORDER BY id""")
                .bind("sid", summary.callSid())
                .map((row, context) -> new CallRecord.ToolRun(row.getString("tool_call_id"),
                        row.getString("tool_name"), row.getString("arguments"), row.getString("result"),
                        row.getBoolean("succeeded"), row.getLong("duration_ms"),
                        row.getObject("ran_at", OffsetDateTime.class).toInstant()))
                .list();
        return new CallRecord(summary.callSid(), summary.streamSid(), summary.callerMasked(),
                summary.callerNumber(), summary.calledNumber(), summary.startedAt(), summary.endedAt(),
                summary.endReason(), summary.networkStatus(), summary.durationSeconds(), lines, runs);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
