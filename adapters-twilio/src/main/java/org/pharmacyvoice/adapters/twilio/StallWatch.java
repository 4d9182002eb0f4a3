package org.pharmacyvoice.adapters.twilio;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts media streams whose socket has taken none of our writes for the write timeout. A peer that stops reading
 * (its TCP window closed) would otherwise block the write, and with it the call's ending, forever: the call would
 * keep its slot under {@code MAX_CONCURRENT_CALLS}, its agent connection and its threads.
 */
final class StallWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StallWatch.class.getName());

    private final Duration timeout;
    /** Each watched line, with what to do once it has been cut (end its call). */
    private final Map<TwilioCallerLine, Runnable> lines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    StallWatch(Duration timeout) {
        this.timeout = timeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("twilio-stall-watch").daemon().factory());
        long period = Math.clamp(timeout.toMillis() / 10, 10, 250);
        timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Watches a line until {@link #forget}; {@code whenCut} runs once, on a thread of its own, after cutting it. */
    void watch(TwilioCallerLine line, Runnable whenCut) {
        lines.put(line, whenCut);
    }

    void forget(TwilioCallerLine line) {
        lines.remove(line);
    }

    /** Runs on the timer's one thread for every call, so it never blocks: ending the call happens elsewhere. */
    private void check() {
        long now = System.nanoTime();
        long limit = timeout.toNanos();
        lines.forEach((line, whenCut) -> {
            long stalled = line.stalledForNanos(now);
            if (stalled > limit && lines.remove(line, whenCut) && line.cut()) {
                LOG.log(Level.WARNING, "[{0}] the caller''s side took none of our writes for {1,number,#} ms: connection cut",
                        line.callSid(), TimeUnit.NANOSECONDS.toMillis(stalled));
                Thread.ofVirtual().name("[" + line.callSid() + "] stalled stream").start(whenCut);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
