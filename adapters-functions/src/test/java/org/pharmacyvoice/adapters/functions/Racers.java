package org.pharmacyvoice.adapters.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Threads released at the same moment to do one thing, for the contract tests' races. */
final class Racers {

    private Racers() {
    }

    /** {@code call} by {@code racers} threads released at once; their answers, in the threads' order. */
    static <T> List<T> race(int racers, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            var startGate = new CountDownLatch(1);
            var futures = new ArrayList<Future<T>>();
            for (int racer = 0; racer < racers; racer++) {
                futures.add(pool.submit(() -> {
                    startGate.await();
                    return call.call();
                }));
            }
            startGate.countDown();
            var results = new ArrayList<T>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
