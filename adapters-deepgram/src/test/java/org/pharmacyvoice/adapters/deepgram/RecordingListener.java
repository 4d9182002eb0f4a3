package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;

/** Collects agent events in arrival order, for tests to wait on. */
final class RecordingListener implements AgentListener {

    private final BlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(AgentEvent event) {
        events.add(event);
    }

    /** The next event, which must be of {@code type}, waiting up to five seconds. */
    <T extends AgentEvent> T next(Class<T> type) throws InterruptedException {
        AgentEvent event = events.poll(5, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event arrived; expected " + type.getSimpleName());
        }
        assertThat(event, instanceOf(type));
        return type.cast(event);
    }

    /** Everything that arrives within {@code millis}. */
    List<AgentEvent> drain(long millis) throws InterruptedException {
        List<AgentEvent> drained = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            AgentEvent event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null) {
                drained.add(event);
            }
        }
        return drained;
    }
}
