package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpeakLimitsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void twentyFlushesGoAtOnceAndTheTwentyFirstWaitsForTheFirstToLeaveTheWindow() {
        var limits = new SpeakLimits();
        long start = 1_000 * SECOND;
        for (int i = 0; i < 20; i++) {
            assertThat(limits.waitNanos(10, start + i * SECOND), is(0L));
            limits.sent(10, start + i * SECOND);
        }

        assertThat(limits.waitNanos(10, start + 20 * SECOND), is(41 * SECOND));
        assertThat(limits.waitNanos(10, start + 61 * SECOND), is(0L));
    }

    @Test
    void charactersBeyondTheMinutesAllowanceWaitUntilEnoughHaveLeft() {
        var limits = new SpeakLimits();
        long start = 5 * SECOND;
        limits.sent(1500, start);
        limits.sent(800, start + 10 * SECOND);

        assertThat(limits.waitNanos(100, start + 20 * SECOND), is(0L));
        assertThat(limits.waitNanos(200, start + 20 * SECOND), is(41 * SECOND));
    }

    @Test
    void textLargerThanTheWholeAllowanceGoesWhenTheWindowIsEmpty() {
        var limits = new SpeakLimits(20, 2400, Duration.ofSeconds(61));
        assertThat(limits.waitNanos(3000, 0), is(0L));
        limits.sent(3000, 0);

        assertThat(limits.waitNanos(3000, 30 * SECOND), is(31 * SECOND));
    }
}
