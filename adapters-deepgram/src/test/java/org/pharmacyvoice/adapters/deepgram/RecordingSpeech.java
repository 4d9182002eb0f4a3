package org.pharmacyvoice.adapters.deepgram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects a speech stream's events in arrival order, for tests to wait on. */
final class RecordingSpeech<E> implements Consumer<E> {

    private final BlockingQueue<E> events = new LinkedBlockingQueue<>();

    @Override
    public void accept(E event) {
        events.add(event);
    }

    /** The next event, which must be of {@code type}, waiting up to five seconds. */
    <T extends E> T next(Class<T> type) throws InterruptedException {
        E event = events.poll(5, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event arrived; expected " + type.getSimpleName());
        }
        if (!type.isInstance(event)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + event);
        }
        return type.cast(event);
    }

    /** Everything that arrives within {@code millis}. */
    List<E> drain(long millis) throws InterruptedException {
        List<E> drained = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            E event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null) {
                drained.add(event);
            }
        }
        return drained;
    }
}
