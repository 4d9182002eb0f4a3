package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.tool.ToolCall;

/**
 * Follows the caller's wait on the agent's tool calls. When a call has gone unanswered for the filler delay, the
 * agent that asked for it tells the caller it is looking ({@link AgentPhrases#lookingUp()}, after whatever it is
 * saying): once per wait, a wait lasting from the first call asked for until every call is answered, cancelled or
 * dropped, so a batch of two slow calls, or a second request while the first still runs, gets one filler. Never for
 * a call that answered in time, nor after the call ended or its agent connection was replaced. It also tells the
 * idle watch when the agent's tools are at work, so that a caller waiting on them is not taken for an idle one.
 *
 * <p>Thread-safe. Time comes in as {@link System#nanoTime()} values and nothing here waits or schedules: the call's
 * watchdog asks {@link #due} and then calls {@link #tick}, so tests drive it with made-up times.
 */
final class ToolFiller {

    private static final System.Logger LOG = System.getLogger(ToolFiller.class.getName());

    /** Who hears when the agent's tools start and stop working for the caller. */
    interface Wait {

        /** The first call of a wait was asked for. */
        void began();

        /** The last call of a wait was answered, cancelled or dropped. */
        void ended(long now);
    }

    /** A call asked for and not answered yet: which connection asked, and since when. */
    private record Pending(ToolCall call, ToolRunner.Asker asker, long since) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final String callSid;
    private final long delay;
    private final String filler;
    private final Wait wait;
    private final List<Pending> pending = new ArrayList<>();
    /** Whether a wait is under way, and whether it has had its filler. */
    private boolean waiting;
    private boolean said;
    /** When the watchdog should call {@link #tick} next; read without the lock, which a slow send may hold. */
    private volatile OptionalLong dueAt = OptionalLong.empty();

    /** A filler that is never said when {@code delay} is zero; {@code wait} hears of the tools' work all the same. */
    ToolFiller(String callSid, Duration delay, String filler, Wait wait) {
        this.callSid = callSid;
        this.delay = delay.toNanos();
        this.filler = filler;
        this.wait = wait;
    }

    /** The agent connection {@code asker} asked for {@code call}. */
    void asked(ToolCall call, ToolRunner.Asker asker, long now) {
        lock.lock();
        try {
            if (!waiting) {
                waiting = true;
                said = false;
                wait.began();
            }
            pending.add(new Pending(call, asker, now));
            dueAt = nextDue();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code call} is answered, or will not be. Called before its answer goes out, so that a filler being said now
     * reaches the agent first, never after the answer.
     */
    void finished(ToolCall call, long now) {
        lock.lock();
        try {
            // By identity: the same call asked for twice is two calls to wait for.
            pending.removeIf(one -> one.call() == call);
            waitOverIfDone(now);
        } finally {
            lock.unlock();
        }
    }

    /** The agent no longer wants these calls answered: the caller is not waiting on them any more. */
    void cancelled(Collection<String> callIds, long now) {
        lock.lock();
        try {
            pending.removeIf(one -> callIds.contains(one.call().id()));
            waitOverIfDone(now);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a call has waited past the delay without a filler, so that {@link #tick} has work; never blocks. */
    boolean due(long now) {
        OptionalLong at = dueAt;
        return at.isPresent() && now - at.getAsLong() >= 0;
    }

    /** Has the agent say the filler, if a call still waits past the delay on a connection that is still the call's. */
    void tick(long now) {
        lock.lock();
        try {
            // Answers to a replaced connection are dropped: nobody waits on them.
            pending.removeIf(one -> !one.asker().stillCurrent());
            Pending overdue = said || delay == 0 ? null : pending.stream()
                    .filter(one -> now - one.since() >= delay)
                    .findFirst().orElse(null);
            if (overdue != null) {
                said = true;
                say(overdue, now);
            }
            waitOverIfDone(now);
        } finally {
            lock.unlock();
        }
    }

    /** Sends the filler on the connection that asked for {@code overdue}. Must hold {@link #lock}. */
    private void say(Pending overdue, long now) {
        Optional<AgentSession> session;
        try {
            session = overdue.asker().session(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (session.isEmpty()) {
            return;
        }
        try {
            session.get().sendAgentText(filler);
            LOG.log(Level.INFO, "[{0}] tool {1} ({2}) has kept the caller waiting {3,number,#} ms; the agent says it "
                    + "is looking", callSid, overdue.call().toolName(), overdue.call().id(),
                    Duration.ofNanos(now - overdue.since()).toMillis());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[{0}] telling the caller the agent is looking failed: {1}", callSid,
                    e.getMessage());
        }
    }

    /** Must hold {@link #lock}. */
    private void waitOverIfDone(long now) {
        dueAt = nextDue();
        if (pending.isEmpty() && waiting) {
            waiting = false;
            wait.ended(now);
        }
    }

    private OptionalLong nextDue() {
        if (said || delay == 0 || pending.isEmpty()) {
            return OptionalLong.empty();
        }
        long first = pending.getFirst().since();
        for (Pending one : pending) {
            first = one.since() - first < 0 ? one.since() : first;
        }
        return OptionalLong.of(first + delay);
    }
}
