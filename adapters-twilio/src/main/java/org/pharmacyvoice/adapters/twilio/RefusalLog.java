package org.pharmacyvoice.adapters.twilio;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Logs refused requests one line each, but only so many a second: under a flood the rest are counted and summed up
 * in one line when their second is over, so that logging doesn't become the flood's work while the first refusals
 * keep their details.
 */
final class RefusalLog {

    private final System.Logger log;
    private final Duration window;
    private final int linesPerWindow;
    private final ReentrantLock lock = new ReentrantLock();
    private long windowEnd = System.nanoTime();
    private int lines;
    private long unlogged;

    RefusalLog(System.Logger log, Duration window, int linesPerWindow) {
        this.log = log;
        this.window = window;
        this.linesPerWindow = linesPerWindow;
    }

    /** A WARNING in the format of {@link System.Logger#log(Level, String, Object...)}, unless too many came before. */
    void refused(String format, Object... arguments) {
        boolean logIt;
        lock.lock();
        try {
            long now = System.nanoTime();
            if (now - windowEnd >= 0) {
                windowEnd = now + window.toNanos();
                lines = 0;
            }
            logIt = lines < linesPerWindow;
            if (logIt) {
                lines++;
            } else if (unlogged++ == 0) {
                long end = windowEnd;
                Thread.ofVirtual().name("refusal-log").start(() -> sumUp(end));
            }
        } finally {
            lock.unlock();
        }
        if (logIt) {
            log.log(Level.WARNING, format, arguments);
        }
    }

    private void sumUp(long end) {
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        long count;
        lock.lock();
        try {
            count = unlogged;
            unlogged = 0;
        } finally {
            lock.unlock();
        }
        log.log(Level.WARNING, "refused {0,number,#} more requests in the same {1,number,#} ms as the ones logged "
                + "before, without a line each: only {2} lines are logged per {1,number,#} ms", count, window.toMillis(),
                linesPerWindow);
    }
}
