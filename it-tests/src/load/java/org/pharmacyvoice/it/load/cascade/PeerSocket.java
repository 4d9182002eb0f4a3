package org.pharmacyvoice.it.load.cascade;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;

/** A fake service's side of one WebSocket, sending from several threads: Helidon 4.2's {@code send} is not safe so. */
final class PeerSocket {

    private final WsSession session;
    private volatile boolean closed;

    PeerSocket(WsSession session) {
        this.session = session;
    }

    synchronized void text(String json) {
        if (!closed) {
            session.send(json, true);
        }
    }

    /** {@code audio} in binary messages of at most {@code chunk} bytes, as a speech service streams it. */
    synchronized void audio(byte[] audio, int chunk) {
        for (int from = 0; from < audio.length && !closed; from += chunk) {
            int length = Math.min(chunk, audio.length - from);
            session.send(BufferData.create(audio, from, length), true);
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            session.close(1000, "done");
        }
    }

    /** The other side closed, or the socket broke: nothing is sent any more. */
    void gone() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
