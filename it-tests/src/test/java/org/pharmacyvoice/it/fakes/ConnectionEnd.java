package org.pharmacyvoice.it.fakes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notices the end of a WebSocket connection even when Helidon 4.2 calls neither onClose nor onError
 * (abrupt TCP drop, swallowed read errors; helidon-4.2-notes.md §2.7 and §3.1).
 */
final class ConnectionEnd {

    /** No close frame was received (TCP ended or an error occurred). */
    static final int NO_CLOSE_FRAME = -1;

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile Thread readThread;

    /** Called from onOpen: Helidon runs every callback of a connection and its read loop on this one thread. */
    void opened() {
        readThread = Thread.currentThread();
    }

    void closeFrame(int code) {
        closeCode.complete(code);
    }

    void failed() {
        closeCode.complete(NO_CLOSE_FRAME);
    }

    boolean isEnded() {
        Thread thread = readThread;
        return closeCode.isDone() || (thread != null && !thread.isAlive());
    }

    /** The code of the close frame received, or {@link #NO_CLOSE_FRAME}. */
    int closeCode() {
        return closeCode.getNow(NO_CLOSE_FRAME);
    }

    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isEnded()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                // The read thread's death is not signalled, so poll it in short steps.
                closeCode.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // keep polling
            } catch (ExecutionException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return isEnded();
            }
        }
        return true;
    }
}
