package org.pharmacyvoice.it.fakes;

import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;

/** Serialises writes to a Helidon 4.2 WsSession, whose send is not thread-safe (helidon-4.2-notes.md §2.6). */
final class SerializedSession {

    // ReentrantLock rather than synchronized: on JDK 21 synchronized pins the carrier thread during the socket write.
    private final ReentrantLock lock = new ReentrantLock();
    private final WsSession delegate;

    SerializedSession(WsSession delegate) {
        this.delegate = delegate;
    }

    void sendText(String text) {
        lock.lock();
        try {
            delegate.send(text, true);
        } finally {
            lock.unlock();
        }
    }

    void sendBinary(byte[] bytes) {
        lock.lock();
        try {
            delegate.send(BufferData.create(bytes), true);
        } finally {
            lock.unlock();
        }
    }

    void ping(byte[] payload) {
        lock.lock();
        try {
            delegate.ping(BufferData.create(payload));
        } finally {
            lock.unlock();
        }
    }

    void pong(byte[] payload) {
        lock.lock();
        try {
            delegate.pong(BufferData.create(payload));
        } finally {
            lock.unlock();
        }
    }

    /** Drops the TCP connection under the session without any WebSocket close. */
    void abort() {
        if (delegate.socketContext() instanceof ConnectionContext connection) {
            connection.serverSocket().close();
        }
    }

    void close(int code, String reason) {
        lock.lock();
        try {
            delegate.close(code, reason);
        } finally {
            lock.unlock();
        }
    }
}
