package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Audio a fake received, in arrival order, that a test thread can wait on while the socket thread appends. */
final class AudioBuffer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();

    void append(byte[] frame) {
        long now = System.nanoTime();
        lock.lock();
        try {
            bytes.writeBytes(frame);
            frames.add(frame.clone());
            arrivals.add(now);
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    byte[] bytes() {
        lock.lock();
        try {
            return bytes.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    List<byte[]> frames() {
        lock.lock();
        try {
            return frames.stream().map(byte[]::clone).toList();
        } finally {
            lock.unlock();
        }
    }

    /** When each frame arrived ({@link System#nanoTime()}), in the order of {@link #frames()}. */
    List<Long> arrivals() {
        lock.lock();
        try {
            return List.copyOf(arrivals);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} bytes arrived and returns everything received so far. */
    byte[] await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (bytes.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected at least " + count + " audio bytes within " + timeout
                            + " but received " + bytes.size());
                }
                grown.awaitNanos(left);
            }
            return bytes.toByteArray();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for audio", e);
        } finally {
            lock.unlock();
        }
    }
}
