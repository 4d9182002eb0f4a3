package org.pharmacyvoice.adapters.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;

/** Keeps a reply's events in order, with the threads they came on and whether two ever overlapped. */
final class RecordingListener implements Consumer<ModelEvent> {

    private final LinkedBlockingQueue<ModelEvent> queue = new LinkedBlockingQueue<>();
    private final List<ModelEvent> all = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void accept(ModelEvent event) {
        if (inside.incrementAndGet() > 1) {
            overlapped = true;
        }
        threads.add(Thread.currentThread().getName());
        all.add(event);
        queue.add(event);
        inside.decrementAndGet();
    }

    /** The next event within {@code wait}, or null. */
    ModelEvent next(Duration wait) throws InterruptedException {
        return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events up to and with the terminal one (Finished or Failed), waiting at most {@code wait} in all. */
    List<ModelEvent> untilEnd(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        var events = new ArrayList<ModelEvent>();
        while (true) {
            ModelEvent event = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no terminal event within " + wait + "; had " + events);
            }
            events.add(event);
            if (!(event instanceof ModelEvent.Text)) {
                return events;
            }
        }
    }

    /** The terminal event within {@code wait}. */
    ModelEvent end(Duration wait) throws InterruptedException {
        List<ModelEvent> events = untilEnd(wait);
        return events.get(events.size() - 1);
    }

    List<ModelEvent> all() {
        return List.copyOf(all);
    }

    List<String> threads() {
        return List.copyOf(threads);
    }

    boolean overlapped() {
        return overlapped;
    }
}
