package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.CallRecord;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Handoff;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * Call records forgotten after their retention period, on H2 and PostgreSQL: the call, its words, its tools and its
 * handoff, and the callbacks done by then.
 */
abstract class CallArchiveContractTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(90));

    private PharmacyDatabase database;
    private CallArchive archive;

    /** Settings of a database with nothing in it, new for each test. */
    abstract DatabaseSettings emptyDatabase() throws Exception;

    @BeforeEach
    void openDatabase() throws Exception {
        database = PharmacyDatabase.open(emptyDatabase());
        archive = CallArchive.in(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void callsLastUpdatedBeforeTheCutoffGoWithTheirTranscriptAndToolRunsAndLaterOnesStayWhole() {
        call("CA-old", CUTOFF.minus(Duration.ofDays(10)));
        call("CA-edge", CUTOFF.minusSeconds(1));
        call("CA-new", CUTOFF.plusSeconds(1));
        archive.statusReported("CA-status-only", "completed", OptionalInt.of(3), CUTOFF.minus(Duration.ofDays(1)));
        archive.lineSpoken("CA-never-started", new ConversationLine(Speaker.CALLER, "Hello?"), CUTOFF.minusSeconds(9));

        int forgotten = archive.forgetBefore(CUTOFF);

        assertThat("a status for a call without a record leaves no row", forgotten, equalTo(2));
        assertThat(archive.recent(10).stream().map(CallRecord::callSid).toList(), equalTo(List.of("CA-new")));
        assertThat(archive.find("CA-old"), equalTo(Optional.empty()));
        CallRecord kept = archive.find("CA-new").orElseThrow();
        assertThat("the kept call straddles the cutoff and keeps its first words", kept.transcript().size(),
                equalTo(2));
        assertThat(kept.toolRuns().size(), equalTo(1));
        assertThat("no line or tool run of a forgotten call is left behind",
                rows("call_lines") + rows("call_tool_runs"), equalTo(3));
        assertThat("forgetting again finds nothing", archive.forgetBefore(CUTOFF), equalTo(0));
    }

    @Test
    void handoffsGoWithTheirCallsAndCallbacksOnceDoneBeforeTheCutoffWhileOpenOnesStay() {
        Handoffs handoffs = database.handoffs();
        Callbacks callbacks = database.callbacks();
        call("CA-old", CUTOFF.minus(Duration.ofDays(10)));
        handoffs.record(handoff("CA-old", CUTOFF.minus(Duration.ofDays(10))));
        call("CA-straddling", CUTOFF.plusSeconds(5));
        handoffs.record(handoff("CA-straddling", CUTOFF.minusSeconds(1)));
        handoffs.record(handoff("CA-of-no-call", CUTOFF.minusSeconds(1)));
        handoffs.record(handoff("CA-new-of-no-call", CUTOFF.plusSeconds(1)));
        Instant longAgo = CUTOFF.minus(Duration.ofDays(30));
        Callback stillOpen = callback(callbacks, "CA-open", longAgo);
        Callback doneLongAgo = callback(callbacks, "CA-done-long-ago", longAgo);
        callbacks.close(doneLongAgo.id(), CUTOFF.minusSeconds(1));
        Callback doneLately = callback(callbacks, "CA-done-lately", longAgo);
        callbacks.close(doneLately.id(), CUTOFF.plusSeconds(1));

        int forgotten = archive.forgetBefore(CUTOFF);

        assertThat("only calls are counted", forgotten, equalTo(1));
        assertThat(List.of("CA-old", "CA-straddling", "CA-of-no-call", "CA-new-of-no-call").stream()
                        .map(sid -> handoffs.find(sid).isPresent()).toList(),
                equalTo(List.of(false, true, false, true)));
        assertThat(callbacks.list(false, 10).stream().map(Callback::callSid).toList(),
                equalTo(List.of("CA-done-lately", "CA-open")));
        assertThat(callbacks.list(true, 10).stream().map(Callback::id).toList(), equalTo(List.of(stillOpen.id())));
        assertThat(rows("call_handoff") + rows("callback"), equalTo(4));
    }

    @Test
    void valuesLongerThanTheirColumnsAreClippedInsteadOfFailingTheWrite() {
        String sid = "CA" + "1".repeat(998);
        String clippedSid = sid.substring(0, 64);
        archive.callStarted(new CallContext(sid, "MZ" + "2".repeat(998), "+1" + "5".repeat(998), "+1" + "6".repeat(98)),
                NOW);
        archive.lineSpoken(sid, new ConversationLine(Speaker.CALLER, "w\u0000".repeat(5000)), NOW);
        archive.toolRan(sid, new ToolCall("f".repeat(1000), "t".repeat(1000), "{" + "x".repeat(9000),
                        Optional.empty(), "malformed"), ToolResult.failure("e".repeat(9000), ""), Duration.ZERO, NOW);
        archive.statusReported(sid, "s".repeat(1000), OptionalInt.of(1), NOW);
        archive.callEnded(sid, CallEndReason.CALLER_HUNG_UP, NOW);

        CallRecord record = archive.find(clippedSid).orElseThrow();
        assertThat(record.streamSid().length(), equalTo(64));
        assertThat(record.callerNumber().length(), equalTo(40));
        assertThat(record.transcript().getFirst().text(), equalTo("w".repeat(4000 - 4000 / 2)));
        CallRecord.ToolRun run = record.toolRuns().getFirst();
        assertThat(List.of(run.toolCallId().length(), run.toolName().length(), run.arguments().length()),
                equalTo(List.of(128, 64, 4000)));
        assertThat(record.networkStatus(), equalTo(Optional.of("s".repeat(40))));
    }

    @Test
    void redactingRewritesThatCallsLinesInOrderAndNoOtherCalls() {
        call("CA-dana", NOW);
        call("CA-other", NOW);

        archive.linesRedacted("CA-dana", text -> text.replace("ibuprofen", "•••"));

        assertThat(archive.find("CA-dana").orElseThrow().transcript().stream().map(line -> line.text()).toList(),
                equalTo(List.of("Do you have •••?", "Yes, we do.")));
        assertThat(archive.find("CA-other").orElseThrow().transcript().getFirst().text(),
                equalTo("Do you have ibuprofen?"));
        archive.linesRedacted("CA-nobody", text -> "never applied to another call's lines");
        assertThat(archive.find("CA-other").orElseThrow().transcript().getFirst().text(),
                equalTo("Do you have ibuprofen?"));
    }

    /** A call of a few seconds that started at {@code at}: two lines, one tool run, then its end. */
    private void call(String sid, Instant at) {
        archive.callStarted(new CallContext(sid, "MZ-" + sid, "+15551230001", "+15550000000"), at.minusSeconds(3));
        archive.lineSpoken(sid, new ConversationLine(Speaker.CALLER, "Do you have ibuprofen?"), at.minusSeconds(2));
        archive.toolRan(sid, ToolCall.of("fc-" + sid, "get_drug_info", ToolArguments.of("drug_name", "ibuprofen")),
                ToolResult.success("in_stock", true), Duration.ofMillis(4), at.minusSeconds(2));
        archive.lineSpoken(sid, new ConversationLine(Speaker.AGENT, "Yes, we do."), at.minusSeconds(1));
        archive.callEnded(sid, CallEndReason.CALLER_HUNG_UP, at);
    }

    private static Handoff handoff(String sid, Instant at) {
        return new Handoff(sid, Handoff.Kind.TRANSFER, "+15551230001", "Maria Lopez, verified; Rx 1000002.", false,
                at);
    }

    private static Callback callback(Callbacks callbacks, String sid, Instant at) {
        return callbacks.add(sid, "+15551230001", "Maria Lopez, verified; Rx 1000002.", Callback.Reason.CLOSED,
                Optional.of("https://example.test/" + sid), 9, at);
    }

    private int rows(String table) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table)
                .mapTo(Integer.class).one());
    }
}
