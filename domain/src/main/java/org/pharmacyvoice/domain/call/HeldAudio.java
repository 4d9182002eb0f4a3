package org.pharmacyvoice.domain.call;

import java.util.ArrayDeque;

/**
 * Caller audio held while the agent is not ready (connecting, or reconnecting after a loss), in arrival order and
 * bounded: past the limit the oldest frames go, so a call whose agent never comes can't grow without end. Not
 * thread-safe: the bridge uses it under its lock.
 */
final class HeldAudio {

    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final int maxBytes;
    private int bytes;

    HeldAudio(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Holds a frame that arrived now, behind those held before it. */
    void hold(byte[] frame) {
        frames.addLast(frame);
        bytes += frame.length;
        while (bytes > maxBytes) {
            bytes -= frames.removeFirst().length;
        }
    }

    /** Puts back a frame whose send failed, ahead of everything held: it was the oldest. */
    void putBack(byte[] frame) {
        frames.addFirst(frame);
        bytes += frame.length;
    }

    /** The oldest frame, taken out; null when none is held. */
    byte[] next() {
        byte[] frame = frames.pollFirst();
        if (frame != null) {
            bytes -= frame.length;
        }
        return frame;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }
}
