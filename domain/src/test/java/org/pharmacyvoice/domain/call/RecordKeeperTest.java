package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * The record keeper writes in the background, but a tool run's record is written before the agent hears the tool's
 * answer, and a stalled or failing store delays that answer by the tool record wait at most.
 */
class RecordKeeperTest {

    private static final ToolCall PLACE = ToolCall.of("fc_1", "place_order", ToolArguments.of());
    private static final ConversationLine ASKED = new ConversationLine(Speaker.CALLER, "Two packs of Advil, please.");
    private static final Duration LONG_WAIT = Duration.ofSeconds(20);

    private final RecordingCallRecords written = new RecordingCallRecords();
    private final GatedStore store = new GatedStore(written);
    private final LogLines log = new LogLines();

    @AfterEach
    void openTheGate() {
        store.gate.countDown();
        log.close();
    }

    @Test
    void toolRanReturnsOnlyOnceItsRecordAndEveryRecordBeforeItAreWritten() throws Exception {
        var keeper = new RecordKeeper(store, LONG_WAIT);
        keeper.lineSpoken("CA01", ASKED, Instant.now());

        CompletableFuture<List<String>> writtenWhenToolRanReturned = CompletableFuture.supplyAsync(() -> {
            keeper.toolRan("CA01", PLACE, ToolResult.success(), Duration.ofMillis(12), Instant.now());
            return written.entries();
        });
        Thread.sleep(300);

        assertThat("the store is stalled, so the tool's answer waits", writtenWhenToolRanReturned.isDone(), is(false));
        store.gate.countDown();
        assertThat(writtenWhenToolRanReturned.get(5, TimeUnit.SECONDS),
                contains("line CA01 CALLER: Two packs of Advil, please.", "tool CA01 place_order fc_1 ok"));
        keeper.close();
    }

    @Test
    void otherRecordsAreNotWaitedFor() {
        var keeper = new RecordKeeper(store, LONG_WAIT);
        long started = System.nanoTime();

        keeper.callStarted(new CallContext("CA01", "MZ01", "+15551234567", "+15550000000"), Instant.now());
        keeper.lineSpoken("CA01", ASKED, Instant.now());
        keeper.callEnded("CA01", CallEndReason.CALLER_HUNG_UP, Instant.now());
        keeper.statusReported("CA01", "completed", OptionalInt.of(42), Instant.now());

        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis(), lessThan(1_000L));
        assertThat(written.entries().size(), is(0));
        store.gate.countDown();
        assertThat(keeper.flush(Duration.ofSeconds(5)), is(true));
        assertThat(written.entries().size(), is(4));
        keeper.close();
    }

    @Test
    void stalledStoreDelaysTheAnswerByTheWaitAtMostAndTheLogNamesTheCall() {
        var keeper = new RecordKeeper(store, Duration.ofMillis(300));
        long started = System.nanoTime();

        keeper.toolRan("CA01", PLACE, ToolResult.success(), Duration.ofMillis(12), Instant.now());

        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(waited, greaterThanOrEqualTo(300L));
        assertThat(waited, lessThan(3_000L));
        assertThat(log.lines(), contains(
                "WARNING [CA01] the record of tool call fc_1 is not written after 300 ms; answering without it"));
        store.gate.countDown();
        assertThat("written late, but written", keeper.flush(Duration.ofSeconds(5)), is(true));
        assertThat(written.entries(), contains("tool CA01 place_order fc_1 ok"));
        keeper.close();
    }

    @Test
    void failingStoreAnswersAtOnceAndTheLogNamesTheCall() {
        store.gate.countDown();
        store.failure = new IllegalStateException("database down");
        var keeper = new RecordKeeper(store, LONG_WAIT);
        long started = System.nanoTime();

        keeper.toolRan("CA01", PLACE, ToolResult.success(), Duration.ofMillis(12), Instant.now());

        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis(), lessThan(5_000L));
        assertThat(keeper.failures(), equalTo(1L));
        assertThat(log.lines(), contains("ERROR [CA01] writing the call record (tool fc_1) failed: database down"));
        keeper.close();
    }

    @Test
    void closedKeeperDropsTheRecordWithoutWaiting() {
        store.gate.countDown();
        var keeper = new RecordKeeper(store, LONG_WAIT);
        keeper.close();
        long started = System.nanoTime();

        keeper.toolRan("CA01", PLACE, ToolResult.success(), Duration.ofMillis(12), Instant.now());

        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis(), lessThan(5_000L));
        assertThat(keeper.failures(), equalTo(1L));
        assertThat(log.lines(), hasItem("WARNING [CA01] call record (tool fc_1) dropped: record keeper closed"));
        assertThat(written.entries().size(), is(0));
    }

    @Test
    void recordsThatQueueUpWhileTheStoreIsBusyAreWrittenTogetherInOneWrite() throws Exception {
        var keeper = new RecordKeeper(store, LONG_WAIT);
        keeper.lineSpoken("CA01", ASKED, Instant.now());
        Thread.sleep(100);
        for (int i = 0; i < 50; i++) {
            keeper.lineSpoken("CA01", new ConversationLine(Speaker.CALLER, "line " + i), Instant.now());
        }

        store.gate.countDown();
        assertThat(keeper.flush(Duration.ofSeconds(5)), is(true));

        assertThat(written.entries().size(), is(51));
        assertThat(written.entries().get(51 - 1), is("line CA01 CALLER: line 49"));
        assertThat("the first alone, the fifty that queued behind it together", store.togetherWrites.get(), is(1));
        keeper.close();
    }

    @Test
    void aBadRecordAmongOthersIsWrittenAloneAndTakesNoOtherWithIt() throws Exception {
        var keeper = new RecordKeeper(store, LONG_WAIT);
        keeper.lineSpoken("CA01", ASKED, Instant.now());
        Thread.sleep(100);
        keeper.lineSpoken("CA01", new ConversationLine(Speaker.CALLER, "first"), Instant.now());
        keeper.lineSpoken("CA02", new ConversationLine(Speaker.CALLER, "poison"), Instant.now());
        keeper.lineSpoken("CA01", new ConversationLine(Speaker.CALLER, "last"), Instant.now());
        store.poison = "poison";

        store.gate.countDown();
        assertThat(keeper.flush(Duration.ofSeconds(5)), is(true));

        assertThat(written.entries(), contains("line CA01 CALLER: Two packs of Advil, please.",
                "line CA01 CALLER: first", "line CA01 CALLER: last"));
        assertThat(keeper.failures(), equalTo(1L));
        assertThat(log.lines(), hasItem(startsWith("ERROR [CA02] writing the call record (line spoken) failed")));
        keeper.close();
    }

    /**
     * A store that writes nothing until its gate opens, then fails every write if told to, or the line with the
     * poison text; its {@code together} is all or nothing, as a database transaction is.
     */
    private static final class GatedStore implements CallRecords {

        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger togetherWrites = new AtomicInteger();
        volatile RuntimeException failure;
        volatile String poison;
        private final CallRecords next;
        /** The writes of a {@code together} in progress, applied only if all of them succeed. */
        private List<Runnable> staged;

        GatedStore(CallRecords next) {
            this.next = next;
        }

        @Override
        public void together(Runnable writes) {
            togetherWrites.incrementAndGet();
            staged = new ArrayList<>();
            try {
                writes.run();
                staged.forEach(Runnable::run);
            } finally {
                staged = null;
            }
        }

        @Override
        public void callStarted(CallContext call, Instant at) {
            write(() -> next.callStarted(call, at));
        }

        @Override
        public void lineSpoken(String callSid, ConversationLine line, Instant at) {
            if (line.text().equals(poison)) {
                throw new IllegalStateException("value too long for type character varying(4000)");
            }
            write(() -> next.lineSpoken(callSid, line, at));
        }

        @Override
        public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
            write(() -> next.toolRan(callSid, call, result, took, at));
        }

        @Override
        public void callEnded(String callSid, CallEndReason reason, Instant at) {
            write(() -> next.callEnded(callSid, reason, at));
        }

        @Override
        public void linesRedacted(String callSid, UnaryOperator<String> redaction) {
            write(() -> next.linesRedacted(callSid, redaction));
        }

        @Override
        public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
            write(() -> next.statusReported(callSid, status, durationSeconds, at));
        }

        private void write(Runnable write) {
            pass();
            if (staged != null) {
                staged.add(write);
            } else {
                write.run();
            }
        }

        private void pass() {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The record keeper's log lines as "LEVEL message", SEVERE shown as ERROR. */
    private static final class LogLines extends Handler {

        private final Logger logger = Logger.getLogger(RecordKeeper.class.getName());
        private final List<String> lines = new CopyOnWriteArrayList<>();

        LogLines() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            String level = record.getLevel() == java.util.logging.Level.SEVERE ? "ERROR" : record.getLevel().getName();
            lines.add(level + " " + new SimpleFormatter().formatMessage(record));
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
