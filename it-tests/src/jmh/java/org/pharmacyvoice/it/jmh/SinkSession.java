package org.pharmacyvoice.it.jmh;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;

/**
 * A WebSocket session that swallows what is sent, so a benchmark measures our per-frame code and not Helidon's
 * socket writes; it keeps a running total so the JIT can't drop the work.
 */
final class SinkSession implements WsSession {

    private long bytes;
    private long textFrames;
    private long binaryFrames;

    @Override
    public WsSession send(String text, boolean last) {
        bytes += text.length();
        textFrames++;
        return this;
    }

    @Override
    public WsSession send(BufferData data, boolean last) {
        bytes += data.available();
        binaryFrames++;
        return this;
    }

    @Override
    public WsSession ping(BufferData data) {
        return this;
    }

    @Override
    public WsSession pong(BufferData data) {
        return this;
    }

    @Override
    public WsSession close(int code, String reason) {
        return this;
    }

    @Override
    public WsSession terminate() {
        return this;
    }

    @Override
    public SocketContext socketContext() {
        return null;
    }

    long bytes() {
        return bytes;
    }

    long textFrames() {
        return textFrames;
    }

    long binaryFrames() {
        return binaryFrames;
    }
}
