package org.pharmacyvoice.it.load.cascade;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes every call's caller speak once every turn period, calls staggered evenly over the period: the fake that
 * hears the caller (the Deepgram agent, or speech-to-text) is told when speech starts, halfway, when it ends, and
 * a second of silence later.
 */
final class TurnClock implements AutoCloseable {

    /** What a fake does at each moment of the caller's turn, on the clock's thread. */
    interface Listener {
        void speechStarts();

        void halfway();

        void speechEnds();

        void silenceAfter();
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "turn-clock");
        thread.setDaemon(true);
        return thread;
    });
    private final long periodMillis;
    private final int calls;

    TurnClock(long periodMillis, int calls) {
        this.periodMillis = periodMillis;
        this.calls = calls;
    }

    /** Starts call {@code index}'s turns (the first one after the greeting); cancel the result when the call ends. */
    ScheduledFuture<?> start(int index, Listener listener) {
        long offset = 2000 + periodMillis * index / Math.max(1, calls);
        long half = Script.UTTERANCE_MILLIS / 2;
        return timer.scheduleAtFixedRate(() -> {
            listener.speechStarts();
            timer.schedule(listener::halfway, half, TimeUnit.MILLISECONDS);
            timer.schedule(listener::speechEnds, Script.UTTERANCE_MILLIS, TimeUnit.MILLISECONDS);
            timer.schedule(listener::silenceAfter, Script.UTTERANCE_MILLIS + 1000, TimeUnit.MILLISECONDS);
        }, offset, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
