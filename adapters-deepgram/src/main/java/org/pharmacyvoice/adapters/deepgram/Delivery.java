package org.pharmacyvoice.adapters.deepgram;

import java.lang.System.Logger.Level;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Hands a speech stream's events to the call one at a time, and keeps the promises the speech ports make about
 * silence: nothing after the stream ends (closed by the call, or lost once), and nothing a caller's {@code hush} took
 * back.
 *
 * <p>Events come from several threads (the socket's reader, a timer), so each is handed over under one lock; and
 * whoever must be sure that no event is still on its way (close, hush) takes the same lock, waiting for an event
 * being handed over on another thread to finish. A listener therefore must not wait for another thread that may be
 * calling close or hush at that moment; calling them itself, on the delivering thread, is fine (the lock is
 * reentrant).
 */
final class Delivery<E> {

    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());

    private final String callSid;
    private final Consumer<E> listener;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean ended;

    Delivery(String callSid, Consumer<E> listener) {
        this.callSid = callSid;
        this.listener = listener;
    }

    /** Hands {@code event} over unless the stream has ended. */
    boolean deliver(E event) {
        return deliver(event, () -> true);
    }

    /**
     * Hands {@code event} over unless the stream has ended or {@code stillWanted}, asked under the lock, says no.
     */
    boolean deliver(E event, BooleanSupplier stillWanted) {
        lock.lock();
        try {
            if (ended || !stillWanted.getAsBoolean()) {
                return false;
            }
            notifyListener(event);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Hands over the stream's last event (its loss), unless it has already ended; nothing comes after it. */
    boolean deliverLast(E event) {
        lock.lock();
        try {
            if (ended) {
                return false;
            }
            ended = true;
            notifyListener(event);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream: once this returns, no event reaches the listener. */
    void end() {
        lock.lock();
        try {
            ended = true;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} while no event is being handed over (and none can start). */
    void whileQuiet(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private void notifyListener(E event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            // The socket's reader must survive a listener bug, or every later event would be lost with it.
            LOG.log(Level.WARNING, "[{0}] the call failed to handle {1}: {2}", callSid,
                    event.getClass().getSimpleName(), e.toString());
        }
    }
}
