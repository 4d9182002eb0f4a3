package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.outbound.port.in.DialUseCase;
import org.pharmacyvoice.domain.outbound.port.in.RefillRemindersUseCase;

/** The dialling loop: both jobs at start and on and on, never two at once, a failure not the end, a clean stop. */
class DiallingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Records every run, how many ran at once, and fails or blocks when told. */
    private static class Desk implements DialUseCase, RefillRemindersUseCase {
        final List<String> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile CountDownLatch block = new CountDownLatch(0);
        volatile CountDownLatch blocked = new CountDownLatch(1);

        private void run(String what) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                runs.add(what);
                if (what.startsWith("dial")) {
                    blocked.countDown();
                    block.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("the database is down");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public int dialDue(String serverId, int limit) {
            run("dial " + serverId + " " + limit);
            return 0;
        }

        @Override
        public int settleAbandoned() {
            run("settle");
            return 0;
        }

        @Override
        public List<Queued> queueReminders() {
            run("remind");
            return List.of();
        }

        long count(String prefix) {
            return runs.stream().filter(run -> run.startsWith(prefix)).count();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void bothRunAtStartAndAgainEachInterval() throws InterruptedException {
        var desk = new Desk();
        try (var dialling = Dialling.start(desk, desk, "server-a", Duration.ofMillis(20), Duration.ofMillis(30))) {
            await(() -> desk.count("dial") >= 3 && desk.count("remind") >= 3 && desk.count("settle") >= 3);
        }
        assertThat(desk.runs.getFirst(), is("remind"));
        assertThat(desk.runs.get(1), is("dial server-a " + Dialling.CALLS_PER_RUN));
        assertThat(desk.runs.get(2), is("settle"));
    }

    @Test
    void aRunThatFailsIsLoggedAndTheLoopGoesOn() throws InterruptedException {
        var desk = new Desk();
        desk.failuresLeft.set(3);
        try (var dialling = Dialling.start(desk, desk, "server-a", Duration.ofMillis(10), Duration.ofMillis(10))) {
            await(() -> desk.failuresLeft.get() < 0 && desk.count("dial") >= 4 && desk.count("remind") >= 4);
        }
    }

    @Test
    void settlingRunsEvenWhenDiallingFailed() throws InterruptedException {
        var desk = new Desk() {
            @Override
            public int dialDue(String serverId, int limit) {
                runs.add("dial");
                throw new IllegalStateException("a notification the book can't read");
            }
        };
        try (var dialling = Dialling.start(desk, desk, "server-a", Duration.ofMillis(10), Duration.ofHours(1))) {
            await(() -> desk.count("settle") >= 2);
        }
    }

    @Test
    void runsNeverOverlapEvenWhenOneIsSlow() throws InterruptedException {
        var desk = new Desk();
        desk.block = new CountDownLatch(1);
        try (var dialling = Dialling.start(desk, desk, "server-a", Duration.ofMillis(1), Duration.ofMillis(1))) {
            assertThat(desk.blocked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), is(true));
            Thread.sleep(100);
            desk.block.countDown();
            await(() -> desk.count("dial") >= 5);
        }
        assertThat(desk.mostAtOnce.get(), is(1));
    }

    @Test
    void stoppingWaitsForTheRunInProgressAndThenNothingRunsAgain() throws InterruptedException {
        var desk = new Desk();
        desk.block = new CountDownLatch(1);
        var dialling = Dialling.start(desk, desk, "server-a", Duration.ofMillis(5), Duration.ofHours(1));
        assertThat(desk.blocked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), is(true));
        var release = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            desk.block.countDown();
        });

        long began = System.nanoTime();
        dialling.close();
        long tookMillis = (System.nanoTime() - began) / 1_000_000;

        assertThat("close waited for the dial in progress", tookMillis, greaterThanOrEqualTo(150L));
        assertThat("the run in progress finished: settled after dialling", desk.runs.getLast(), is("settle"));
        assertThat(desk.running.get(), is(0));
        int runs = desk.runs.size();
        Thread.sleep(100);
        assertThat("no run after the stop", desk.runs.size(), is(runs));
        release.join();
    }

    @Test
    void everyServerOfTheProcessHasItsOwnId() {
        String first = Dialling.serverId();
        String second = Dialling.serverId();

        assertThat(first, matchesPattern(".+-" + ProcessHandle.current().pid() + "-[0-9]+"));
        assertThat(second, not(is(first)));
    }
}
