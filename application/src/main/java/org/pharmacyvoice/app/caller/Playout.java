package org.pharmacyvoice.app.caller;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The agent's audio as a phone plays it: queued as it arrives, played 20 ms per tick, each mark echoed once the audio
 * before it has played (at once if nothing is queued), and {@code clear} dropping what is queued and echoing every
 * pending mark — Twilio's rules. Everything played, silence included, is recorded on the call's timeline.
 */
final class Playout {

    static final int FRAME_BYTES = 160;

    private final Consumer<String> echoMark;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
    private int headOffset;
    private int queuedBytes;
    private long playedBytes;
    private long droppedBytes;

    Playout(Consumer<String> echoMark) {
        this.echoMark = echoMark;
    }

    /** Agent speech arrived. */
    synchronized void audio(byte[] mulaw) {
        if (mulaw.length > 0) {
            queue.addLast(mulaw);
            queuedBytes += mulaw.length;
        }
    }

    /** A mark arrived: echoed when everything queued before it has played. */
    void mark(String name) {
        boolean now;
        synchronized (this) {
            now = queuedBytes == 0;
            if (!now) {
                queue.addLast(new Mark(name));
            }
        }
        if (now) {
            echoMark.accept(name);
        }
    }

    /** Barge-in: drops the queued audio and echoes every pending mark. */
    void clear() {
        var marks = new ArrayList<String>();
        synchronized (this) {
            for (Object item : queue) {
                if (item instanceof Mark mark) {
                    marks.add(mark.name());
                }
            }
            droppedBytes += queuedBytes;
            queue.clear();
            queuedBytes = 0;
            headOffset = 0;
        }
        marks.forEach(echoMark);
    }

    /** Plays the next 20 ms (silence when nothing is queued); true if any agent audio was played. */
    boolean tick() {
        byte[] frame = new byte[FRAME_BYTES];
        Arrays.fill(frame, MulawAudio.SILENCE);
        var due = new ArrayList<String>();
        int filled = 0;
        synchronized (this) {
            while (!queue.isEmpty() && (filled < FRAME_BYTES || queue.peekFirst() instanceof Mark)) {
                Object head = queue.peekFirst();
                if (head instanceof Mark mark) {
                    queue.removeFirst();
                    due.add(mark.name());
                    continue;
                }
                byte[] audio = (byte[]) head;
                int take = Math.min(FRAME_BYTES - filled, audio.length - headOffset);
                System.arraycopy(audio, headOffset, frame, filled, take);
                filled += take;
                headOffset += take;
                queuedBytes -= take;
                if (headOffset == audio.length) {
                    queue.removeFirst();
                    headOffset = 0;
                }
            }
            playedBytes += filled;
            recording.writeBytes(frame);
        }
        due.forEach(echoMark);
        return filled > 0;
    }

    synchronized boolean idle() {
        return queuedBytes == 0;
    }

    /** Agent audio played so far, in bytes (8000 a second). */
    synchronized long playedBytes() {
        return playedBytes;
    }

    /** Agent audio dropped by barge-in, in bytes. */
    synchronized long droppedBytes() {
        return droppedBytes;
    }

    /** What the caller heard, from the first tick on, 8 kHz μ-law. */
    synchronized byte[] recording() {
        return recording.toByteArray();
    }

    private record Mark(String name) {
    }
}
