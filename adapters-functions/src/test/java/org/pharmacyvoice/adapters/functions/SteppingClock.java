package org.pharmacyvoice.adapters.functions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A test clock that moves one minute forward each time it is read, so that every order has its own time. */
final class SteppingClock extends Clock {

    private final Instant start;
    private final AtomicLong reads = new AtomicLong();

    SteppingClock(Instant start) {
        this.start = start;
    }

    @Override
    public Instant instant() {
        return start.plus(Duration.ofMinutes(reads.getAndIncrement()));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the stepping clock is UTC only");
    }
}
