package org.pharmacyvoice.adapters.twilio;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Where webhook requests are parsed and their signature checked, a few at a time: the part of a webhook whose cost
 * grows with what the client sends (about a quarter of a millisecond for the largest form admitted, 16 KiB of 200
 * parameters). Virtual threads are not preempted, so a flood of such checks on every carrier thread at once keeps
 * the calls' audio waiting; with one clerk per two cores, one carrier is always left for everything else. A request
 * that finds every clerk busy waits a moment (parked, holding no carrier), then is turned away.
 */
final class CheckingDesk {

    /**
     * How long a request waits for a clerk: hundreds of checks' time (one takes under a millisecond), yet far shorter
     * than the 15 s Twilio waits for a webhook by default.
     */
    static final Duration PATIENCE = Duration.ofMillis(200);

    private final Semaphore clerks;
    private final Duration patience;

    CheckingDesk(int clerks, Duration patience) {
        this.clerks = new Semaphore(clerks, true);
        this.patience = patience;
    }

    /** One clerk per two cores, at least one, with the {@link #PATIENCE} above. */
    static CheckingDesk forThisMachine() {
        return new CheckingDesk(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), PATIENCE);
    }

    /** Waits for a free clerk for at most the patience given; true when one was found: {@link #leave} after. */
    boolean enter() {
        try {
            return clerks.tryAcquire(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void leave() {
        clerks.release();
    }

    /** How long a request waits for a clerk before it is turned away. */
    Duration patience() {
        return patience;
    }
}
