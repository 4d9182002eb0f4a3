package org.pharmacyvoice.adapters.twilio;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts media streams and rejected Twilio messages across all calls, for health output and tests. */
final class MediaStreamStats {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.updateAndGet(n -> Math.max(0, n - 1));
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    int open() {
        return open.get();
    }

    long rejectedMessages() {
        return rejected.get();
    }
}
