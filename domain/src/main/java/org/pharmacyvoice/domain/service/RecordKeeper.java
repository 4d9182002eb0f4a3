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
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final AtomicLong failures = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public RecordKeeper(CallRecords store) {
        this.store = store;
        this.writer = Thread.ofVirtual().name("call-records").start(this::write);
    }

    @Override
    public void callStarted(CallContext call, Instant at) {
        submit(call.callSid(), "call started", () -> store.callStarted(call, at));
    }

    @Override
    public void lineSpoken(String callSid, ConversationLine line, Instant at) {
        submit(callSid, "line spoken", () -> store.lineSpoken(callSid, line, at));
    }

    @Override
    public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
        submit(callSid, "tool " + call.id(), () -> store.toolRan(callSid, call, result, took, at));
    }

    @Override
    public void callEnded(String callSid, CallEndReason reason, Instant at) {
        submit(callSid, "call ended", () -> store.callEnded(callSid, reason, at));
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
        submit(callSid, "status " + status,
                () -> store.statusReported(callSid, status, durationSeconds, at));
    }

    /** Waits until everything submitted so far is written; true if that happened in time. */
    public boolean flush(Duration timeout) {
        var done = new CountDownLatch(1);
        if (!waiting.offer(new Pending("", "flush", done::countDown))) {
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

    /** One record waiting to be written, with what the log needs to say which call lost it. */
    private record Pending(String callSid, String what, Runnable write) {
    }

    private void submit(String callSid, String what, Runnable write) {
        if (closed || !waiting.offer(new Pending(callSid, what, write))) {
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "[{0}] call record ({1}) dropped: {2}", callSid, what,
                    closed ? "record keeper closed" : MAX_WAITING + " records already waiting");
        }
    }

    private void write() {
        while (!closed) {
            Pending record;
            try {
                record = waiting.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                record.write().run();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.log(Level.ERROR, "[" + record.callSid() + "] writing the call record (" + record.what()
                        + ") failed: " + e.getMessage(), e);
            }
        }
    }
}
