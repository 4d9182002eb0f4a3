package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.pharmacyvoice.domain.telephony.ConversationLine;

/**
 * Passes what the caller types on the keypad ({@link KeypadEntry}) to the voice agent as the caller's own turn, in
 * order and one entry at a time. Entries wait while no agent is ready (the start of the call, a reconnect) rather
 * than being lost; an entry the agent refuses because someone was mid-turn is sent again once the agent's turn is
 * over, or after {@link #RETRY_AFTER} at the latest, {@link #MAX_SENDS} times at most. The call record gets each
 * entry masked, never the digits.
 *
 * <p>Thread-safe. Time comes in as {@link System#nanoTime()} values and nothing here waits or schedules: the call's
 * watchdog asks {@link #due} and then calls {@link #tick}, so tests drive it with made-up times.
 */
final class KeypadRelay {

    private static final System.Logger LOG = System.getLogger(KeypadRelay.class.getName());

    /** Entries waiting for the agent; a caller who typed more than this while it was away lost the oldest. */
    static final int MAX_HELD = 5;
    /** Sends of one entry the agent keeps refusing, before it is given up. */
    static final int MAX_SENDS = 3;
    /** The agent refuses a text as soon as it gets it; one not refused within this long was taken. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** The longest a refused entry waits for the agent's turn to end, and the wait between tries without an agent. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(3);

    /** What the relay needs from its call. */
    interface Call {

        /** Sends {@code text} to a ready agent as the caller's turn; false when no agent is ready or the send failed. */
        boolean sendAsCaller(String text);

        /** The agent refused {@code text}, the text sent last: it is not part of the conversation (yet). */
        void refused(String text);

        /** Records what the caller typed, masked, in the call record. */
        void typed(ConversationLine masked);

        /** The caller pressed 0 on its own: they want a person. Called with the keypad's lock held: don't block. */
        void askedForPerson();

        /** On the pharmacy's own call, 9 on its own: no more calls. Called with the keypad's lock held: don't block. */
        void askedNoMoreCalls();
    }

    /** An entry on its way: its text, how often it was sent, and when it may be tried again. */
    private record Held(String text, int sends, long retryAt, boolean awaitsTurnEnd) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final String callSid;
    private final KeypadEntry entry;
    private final Call call;
    private final Deque<Held> held = new ArrayDeque<>();
    private Held inFlight;
    private long inFlightSince;
    /** When the watchdog should call {@link #tick} next; read without the lock, which a slow send may hold. */
    private volatile OptionalLong dueAt = OptionalLong.empty();

    KeypadRelay(String callSid, Duration pause, Call call) {
        this(callSid, pause, call, false);
    }

    KeypadRelay(String callSid, Duration pause, Call call, boolean placedCall) {
        this.callSid = callSid;
        this.entry = new KeypadEntry(callSid, pause, placedCall);
        this.call = call;
    }

    /**
     * Passes {@code text} to the agent as the caller's turn, in order with the keypad's entries: what the server did
     * about a key (the number listed for no more calls) once it is done.
     */
    void tell(String text, long now) {
        lock.lock();
        try {
            if (held.size() >= MAX_HELD) {
                held.pollFirst();
            }
            held.addLast(new Held(text, 0, now, false));
            relay(now);
        } finally {
            lock.unlock();
        }
    }

    /** The caller pressed {@code key}, as the telephony side reported it. */
    void press(String key, long now) {
        lock.lock();
        try {
            entry.press(key, now).ifPresent(finished -> finished(finished, now));
            relay(now);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a pause has ended an entry or a wait is over, so that {@link #tick} has work; never blocks. */
    boolean due(long now) {
        OptionalLong at = dueAt;
        return at.isPresent() && now - at.getAsLong() >= 0;
    }

    /** Finishes an entry the caller stopped typing, and sends what waited for its time. */
    void tick(long now) {
        lock.lock();
        try {
            entry.pauseOver(now).ifPresent(finished -> finished(finished, now));
            relay(now);
        } finally {
            lock.unlock();
        }
    }

    /** An agent takes caller text (again): what waited goes now, a refused entry too, its turn gone with the old one. */
    void agentReady(long now) {
        agentTurnEnded(now);
    }

    /** The agent's turn is over: a refused entry may go again. */
    void agentTurnEnded(long now) {
        lock.lock();
        try {
            Held first = held.peekFirst();
            if (first != null && first.awaitsTurnEnd()) {
                held.pollFirst();
                held.addFirst(new Held(first.text(), first.sends(), now, false));
            }
            relay(now);
        } finally {
            lock.unlock();
        }
    }

    /** The agent refused the caller text sent last; {@code reason} is the agent's, for the debug log only. */
    void refused(String reason, long now) {
        lock.lock();
        try {
            Held refused = inFlight;
            inFlight = null;
            if (refused == null) {
                LOG.log(Level.INFO, "[{0}] the agent refused caller text, but no keypad entry was waiting on it",
                        callSid);
            } else {
                call.refused(refused.text());
                if (refused.sends() >= MAX_SENDS) {
                    LOG.log(Level.WARNING, "[{0}] the agent refused a keypad entry {1} times; giving up on it",
                            callSid, refused.sends());
                } else {
                    LOG.log(Level.INFO, "[{0}] the agent was mid-turn and refused a keypad entry; sending it again "
                            + "when its turn is over", callSid);
                    held.addFirst(new Held(refused.text(), refused.sends(), now + RETRY_AFTER.toNanos(), true));
                }
            }
            LOG.log(Level.DEBUG, "[{0}] the agent''s reason: {1}", callSid, reason);
            relay(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a caller line from the agent is its echo of keypad text: such a line is not what the caller said and
     * holds the digits, so the call keeps it out of the record (which has the masked line already). An echo of the
     * entry just sent also shows the agent took it.
     */
    boolean echoed(String callerLine, long now) {
        if (!callerLine.startsWith(KeypadEntry.AGENT_TEXT_PREFIX)) {
            return false;
        }
        lock.lock();
        try {
            if (inFlight != null && inFlight.text().equals(callerLine.strip())) {
                inFlight = null;
            }
            relay(now);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Records a finished entry and, if the agent is to hear of it, queues it. Must hold {@link #lock}. */
    private void finished(KeypadEntry.Finished finished, long now) {
        call.typed(finished.forRecord());
        switch (finished) {
            case KeypadEntry.Digits digits -> LOG.log(Level.INFO, "[{0}] caller typed {1} keys on the keypad",
                    callSid, digits.digits().length());
            case KeypadEntry.TooLong tooLong -> LOG.log(Level.INFO, "[{0}] caller typed {1} keys on the keypad, "
                    + "more than {2}; the agent is told they were not passed on", callSid, tooLong.keys(),
                    KeypadEntry.MAX_KEYS);
            case KeypadEntry.AskedForPerson person -> call.askedForPerson();
            case KeypadEntry.NoMoreCalls stop -> call.askedNoMoreCalls();
        }
        finished.forAgent().ifPresent(text -> {
            if (held.size() >= MAX_HELD) {
                held.pollFirst();
                LOG.log(Level.WARNING, "[{0}] {1} keypad entries already wait for the agent; dropped the oldest",
                        callSid, MAX_HELD);
            }
            held.addLast(new Held(text, 0, now, false));
        });
    }

    /** Sends the next entry when the one before is settled and its time has come. Must hold {@link #lock}. */
    private void relay(long now) {
        if (inFlight != null && now - inFlightSince >= SETTLE.toNanos()) {
            inFlight = null;
        }
        Held next = held.peekFirst();
        if (inFlight == null && next != null && (!next.awaitsTurnEnd() || now - next.retryAt() >= 0)) {
            held.pollFirst();
            if (call.sendAsCaller(next.text())) {
                inFlight = new Held(next.text(), next.sends() + 1, now, false);
                inFlightSince = now;
                LOG.log(Level.DEBUG, "[{0}] keypad entry passed to the agent (send {1})", callSid, inFlight.sends());
            } else {
                // No agent ready, or its connection just failed: the entry waits for the next one.
                held.addFirst(new Held(next.text(), next.sends(), now + RETRY_AFTER.toNanos(), false));
                LOG.log(Level.DEBUG, "[{0}] keypad entry waits for a ready agent", callSid);
            }
        }
        dueAt = nextDue();
    }

    private OptionalLong nextDue() {
        OptionalLong pause = entry.pauseEndsAt();
        OptionalLong waiting = OptionalLong.empty();
        if (!held.isEmpty()) {
            waiting = OptionalLong.of(inFlight != null ? inFlightSince + SETTLE.toNanos() : held.peekFirst().retryAt());
        }
        if (pause.isEmpty()) {
            return waiting;
        }
        if (waiting.isEmpty() || pause.getAsLong() - waiting.getAsLong() < 0) {
            return pause;
        }
        return waiting;
    }
}
