package org.pharmacyvoice.adapters.deepgram;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one door to a Helidon WebSocket session that several threads write to (caller audio, tool answers,
 * keep-alives, pongs, close).
 *
 * <p>Helidon 4.2's {@code WsSession.send} reuses one buffer without locking, so concurrent sends corrupt frames;
 * every write goes through this lock. A {@link ReentrantLock} rather than {@code synchronized}, because on JDK 21
 * a virtual thread blocking in a socket write inside {@code synchronized} pins its carrier.
 *
 * <p>Every write is timed: a write blocked for long means the peer stopped reading, and only {@link #abort()}
 * frees the thread stuck in it.
 */
final class SerializedSocket {

    private final WsSession session;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastAudioNanos = System.nanoTime();
    /** When the write in progress started, or 0 when none is. */
    private volatile long writeStartedNanos;

    SerializedSocket(WsSession session) {
        this.session = session;
    }

    void sendText(String text) {
        lock.lock();
        try {
            writeStartedNanos = System.nanoTime();
            session.send(text, true);
        } finally {
            writeStartedNanos = 0;
            lock.unlock();
        }
    }

    /** Sends one binary frame; {@code audio} is copied by Helidon while it masks the frame. */
    void sendAudio(byte[] audio) {
        lock.lock();
        try {
            writeStartedNanos = System.nanoTime();
            session.send(BufferData.create(audio), true);
            lastAudioNanos = System.nanoTime();
        } finally {
            writeStartedNanos = 0;
            lock.unlock();
        }
    }

    void pong(BufferData payload) {
        lock.lock();
        try {
            writeStartedNanos = System.nanoTime();
            session.pong(payload);
        } finally {
            writeStartedNanos = 0;
            lock.unlock();
        }
    }

    /** Sends a normal close (1000); the peer's answer ends the reader loop. */
    void close(String reason) {
        lock.lock();
        try {
            writeStartedNanos = System.nanoTime();
            session.close(WsCloseCodes.NORMAL_CLOSE, reason);
        } finally {
            writeStartedNanos = 0;
            lock.unlock();
        }
    }

    /** Drops the TCP connection without any handshake, for a peer that does not answer our close. */
    void abort() {
        // The Helidon client session is backed by its socket; closing that ends a reader stuck in read().
        if (session.socketContext() instanceof HelidonSocket socket) {
            try {
                socket.close();
            } catch (RuntimeException alreadyBroken) {
                // Nothing left to release.
            }
        }
    }

    /** How long the write in progress has been blocked, or 0 when none is. */
    long stalledForNanos(long now) {
        long started = writeStartedNanos;
        return started == 0 ? 0 : now - started;
    }

    /** When the last audio frame went out (or the socket opened). */
    long lastAudioNanos() {
        return lastAudioNanos;
    }
}
