package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * Writes call records in the order they happen on one background thread, so a slow database never holds up a
 * call's audio, and a failing one never ends a call (failures are logged and counted). Only a tool run's record is
 * waited for, briefly, because the caller hears the tool's outcome right after it. What has queued up while a write
 * was going on goes to the store together, as one durable write (group commit): a busy server pays for one commit
 * per batch, not one per record, and a bad record falls back to being written alone so it can't take others with it.
 */
public final class RecordKeeper implements CallRecords, AutoCloseable {

    /** How long a tool's answer waits for its record by default: a few seconds of silence at most. */
    public static final Duration TOOL_RECORD_WAIT = Duration.ofSeconds(3);

    private static final System.Logger LOG = System.getLogger(RecordKeeper.class.getName());
    private static final int MAX_WAITING = 100_000;
    /** Records written together at most: enough to amortise a commit, few enough that one retry one-by-one is quick. */
    private static final int MAX_BATCH = 256;
    private static final Runnable NOTHING = () -> { };

    private final CallRecords store;
    private final Duration toolRecordWait;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final AtomicLong failures = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public RecordKeeper(CallRecords store) {
        this(store, TOOL_RECORD_WAIT);
    }

    /** A keeper whose {@link #toolRan} waits up to {@code toolRecordWait} for the record to be written. */
    public RecordKeeper(CallRecords store, Duration toolRecordWait) {
        this.store = store;
        this.toolRecordWait = toolRecordWait;
        this.writer = Thread.ofVirtual().name("call-records").start(this::write);
    }

    @Override
    public void callStarted(CallContext call, Instant at) {
        submit(call.callSid(), "call started", () -> store.callStarted(call, at), NOTHING);
    }

    @Override
    public void lineSpoken(String callSid, ConversationLine line, Instant at) {
        submit(callSid, "line spoken", () -> store.lineSpoken(callSid, line, at), NOTHING);
    }

    /**
     * Returns once this tool run's record, and every record before it, is written (or failed, which is logged), so
     * that the audit of what the caller is about to hear survives a crash right after; but never later than the
     * tool record wait, so a stalled store does not silence the caller. The tool's own change is durable in its
     * own transaction either way.
     */
    @Override
    public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
        var written = new CountDownLatch(1);
        if (!submit(callSid, "tool " + call.id(), () -> store.toolRan(callSid, call, result, took, at),
                written::countDown)) {
            return;
        }
        try {
            if (!written.await(toolRecordWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "[{0}] the record of tool call {1} is not written after {2} ms; answering "
                        + "without it", callSid, call.id(), toolRecordWait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void callEnded(String callSid, CallEndReason reason, Instant at) {
        submit(callSid, "call ended", () -> store.callEnded(callSid, reason, at), NOTHING);
    }

    @Override
    public void linesRedacted(String callSid, UnaryOperator<String> redaction) {
        submit(callSid, "lines redacted", () -> store.linesRedacted(callSid, redaction), NOTHING);
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
        submit(callSid, "status " + status,
                () -> store.statusReported(callSid, status, durationSeconds, at), NOTHING);
    }

    /** Waits until everything submitted so far is written; true if that happened in time. */
    public boolean flush(Duration timeout) {
        var done = new CountDownLatch(1);
        if (!waiting.offer(new Pending("", "flush", NOTHING, done::countDown))) {
            return false;
        }
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Records that could not be written since start. */
    public long failures() {
        return failures.get();
    }

    /** Writes what is waiting (up to five seconds) and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush(Duration.ofSeconds(5));
        closed = true;
        writer.interrupt();
    }

    /**
     * One record waiting to be written, with what the log needs to say which call lost it, and what to do once it is
     * written or failed.
     */
    private record Pending(String callSid, String what, Runnable write, Runnable done) {
    }

    /** Queues the record; false, logged and counted, when it is dropped instead. */
    private boolean submit(String callSid, String what, Runnable write, Runnable done) {
        if (closed || !waiting.offer(new Pending(callSid, what, write, done))) {
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "[{0}] call record ({1}) dropped: {2}", callSid, what,
                    closed ? "record keeper closed" : MAX_WAITING + " records already waiting");
            return false;
        }
        return true;
    }

    private void write() {
        var batch = new ArrayList<Pending>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, MAX_BATCH - 1);
            writeTogether(batch);
            batch.clear();
        }
    }

    private void writeTogether(List<Pending> batch) {
        try {
            if (batch.size() == 1) {
                writeAlone(batch.getFirst());
                return;
            }
            try {
                store.together(() -> batch.forEach(record -> record.write().run()));
            } catch (RuntimeException e) {
                // One bad record fails the whole write: each goes alone, so only that one is lost.
                LOG.log(Level.DEBUG, "writing {0} call records together failed ({1}); writing them one by one",
                        batch.size(), e.getMessage());
                batch.forEach(this::writeAlone);
            }
        } finally {
            batch.forEach(record -> record.done().run());
        }
    }

    private void writeAlone(Pending record) {
        try {
            record.write().run();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.log(Level.ERROR, "[" + record.callSid() + "] writing the call record (" + record.what()
                    + ") failed: " + e.getMessage(), e);
        }
    }
}
