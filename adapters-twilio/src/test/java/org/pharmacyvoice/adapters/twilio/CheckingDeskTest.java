package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The desk lets as many requests in as it has clerks; the next one waits its patience, then is turned away. */
class CheckingDeskTest {

    @Test
    void aRequestFindingEveryClerkBusyWaitsItsPatienceThenIsTurnedAway() {
        var desk = new CheckingDesk(2, Duration.ofMillis(150));
        assertThat(desk.enter(), is(true));
        assertThat(desk.enter(), is(true));

        long start = System.nanoTime();
        boolean third = desk.enter();

        assertThat(third, is(false));
        assertThat(System.nanoTime() - start, greaterThanOrEqualTo(Duration.ofMillis(150).toNanos()));
    }

    @Test
    void aWaitingRequestGetsTheClerkThatLeaves() throws Exception {
        var desk = new CheckingDesk(1, Duration.ofSeconds(5));
        assertThat(desk.enter(), is(true));
        var waiting = CompletableFuture.supplyAsync(desk::enter);

        Thread.sleep(100);
        desk.leave();

        assertThat(waiting.get(5, TimeUnit.SECONDS), is(true));
    }

    @Test
    void thereIsAtLeastOneClerkOnAnyMachine() {
        var desk = CheckingDesk.forThisMachine();

        assertThat(desk.enter(), is(true));
    }
}
