package org.pharmacyvoice.adapters.deepgram;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What one speech socket still has to send, written in order by a virtual thread of its own, so that the call's
 * threads (the caller's audio from Twilio, the agent's hush) never wait for the network.
 *
 * <p>Audio waiting here is bounded: once more than {@code maxQueuedAudioBytes} wait, new audio is refused (the
 * service has stopped reading, and the heartbeat will soon call the stream lost). Control messages are few and small
 * and never refused while the socket is open.
 */
final class Outgoing {

    /** One thing to write. */
    private sealed interface Item {
    }

    /** A JSON message. */
    private record Text(String text) implements Item {
    }

    /** A binary message of audio. */
    private record Audio(byte[] bytes) implements Item {
    }

    /** The last message, then a WebSocket close; the writer ends after it. */
    private record Finish(String lastMessage, String reason) implements Item {
    }

    /** Ends the writer without writing anything more. */
    private record Stop() implements Item {
    }

    private final SerializedSocket socket;
    private final long maxQueuedAudioBytes;
    private final Consumer<String> failed;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedAudioBytes = new AtomicLong();
    private volatile boolean finished;

    /** {@code failed} hears why a write failed; nothing more is written after that. */
    Outgoing(SerializedSocket socket, long maxQueuedAudioBytes, Consumer<String> failed) {
        this.socket = socket;
        this.maxQueuedAudioBytes = maxQueuedAudioBytes;
        this.failed = failed;
    }

    void start(String threadName) {
        Thread.ofVirtual().name(threadName).start(this::write);
    }

    /** Queues one binary message; false when the socket is finished or too much audio is already waiting. */
    boolean audio(byte[] bytes) {
        if (finished) {
            return false;
        }
        if (queuedAudioBytes.addAndGet(bytes.length) > maxQueuedAudioBytes) {
            queuedAudioBytes.addAndGet(-bytes.length);
            return false;
        }
        queue.add(new Audio(bytes));
        return true;
    }

    /** Queues one text message; false when the socket is finished. */
    boolean text(String text) {
        if (finished) {
            return false;
        }
        queue.add(new Text(text));
        return true;
    }

    /**
     * Drops whatever still waits, sends {@code lastMessage} (when not null) and a normal WebSocket close, and ends
     * the writer.
     */
    void finish(String lastMessage, String reason) {
        finished = true;
        queue.clear();
        queuedAudioBytes.set(0);
        queue.add(new Finish(lastMessage, reason));
    }

    /** Drops whatever still waits and ends the writer, writing nothing more (the socket is lost). */
    void stop() {
        finished = true;
        queue.clear();
        queuedAudioBytes.set(0);
        queue.add(new Stop());
    }

    private void write() {
        while (true) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                switch (item) {
                    case Audio audio -> {
                        queuedAudioBytes.addAndGet(-audio.bytes().length);
                        socket.sendAudio(audio.bytes());
                    }
                    case Text text -> socket.sendText(text.text());
                    case Finish finish -> {
                        if (finish.lastMessage() != null) {
                            socket.sendText(finish.lastMessage());
                        }
                        socket.close(finish.reason());
                        return;
                    }
                    case Stop stop -> {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                if (!(item instanceof Finish)) {
                    failed.accept("sending to Deepgram failed: " + e.getMessage());
                }
                return;
            }
        }
    }
}
