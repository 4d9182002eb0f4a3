package org.pharmacyvoice.adapters.twilio;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Where webhook requests are parsed and their signature checked, a few at a time. That is a webhook's only real CPU
 * work, and virtual threads are not preempted: a flood of requests checked all at once keeps every carrier thread
 * busy while the calls' audio waits its turn. With one desk per two cores, the other core is always there for the
 * audio. A request that finds the desk busy waits a moment (in a queue, holding no carrier), then is turned away.
 */
final class CheckingDesk {

    private final Semaphore clerks;
    private final Duration patience;

    CheckingDesk(int clerks, Duration patience) {
        this.clerks = new Semaphore(clerks, true);
        this.patience = patience;
    }

    /** One clerk per two cores, at least one. */
    static CheckingDesk forThisMachine(Duration patience) {
        return new CheckingDesk(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), patience);
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
