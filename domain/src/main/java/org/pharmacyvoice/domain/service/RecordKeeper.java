package org.pharmacyvoice.domain.service;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.pharmacyvoice.domain.model.CallContext;
import org.pharmacyvoice.domain.model.CallEndReason;
import org.pharmacyvoice.domain.model.ConversationLine;
import org.pharmacyvoice.domain.model.ToolCall;
import org.pharmacyvoice.domain.model.ToolResult;
import org.pharmacyvoice.domain.port.out.CallRecords;

/**
 * Writes call records in the order they happen on one background thread, so a slow database never holds up a
 * call's audio, and a failing one never ends a call (failures are logged and counted).
 */
public final class RecordKeeper implements CallRecords, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RecordKeeper.class.getName());
    private static final int MAX_WAITING = 100_000;

    private final CallRecords store;
    private final BlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final AtomicLong failures = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public RecordKeeper(CallRecords store) {
        this.store = store;
        this.writer = Thread.ofVirtual().name("call-records").start(this::write);
    }

    @Override
    public void callStarted(CallContext call, Instant at) {
        submit(() -> store.callStarted(call, at));
    }

    @Override
    public void lineSpoken(String callSid, ConversationLine line, Instant at) {
        submit(() -> store.lineSpoken(callSid, line, at));
    }

    @Override
    public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
        submit(() -> store.toolRan(callSid, call, result, took, at));
    }

    @Override
    public void callEnded(String callSid, CallEndReason reason, Instant at) {
        submit(() -> store.callEnded(callSid, reason, at));
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
        submit(() -> store.statusReported(callSid, status, durationSeconds, at));
    }

    /** Waits until everything submitted so far is written; true if that happened in time. */
    public boolean flush(Duration timeout) {
        var done = new CountDownLatch(1);
        if (!waiting.offer(done::countDown)) {
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

    private void submit(Runnable record) {
        if (closed || !waiting.offer(record)) {
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "call record dropped: {0}", closed ? "record keeper closed" : "too many waiting");
        }
    }

    private void write() {
        while (!closed) {
            Runnable record;
            try {
                record = waiting.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                record.run();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.log(Level.ERROR, "writing a call record failed: " + e.getMessage(), e);
            }
        }
    }
}
