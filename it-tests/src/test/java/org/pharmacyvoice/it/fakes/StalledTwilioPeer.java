package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Twilio-side media stream client over a bare socket that stops reading after its handshake: the server's writes
 * to it fill its small receive window and then block, as they would for a client that hung or a hostile one. It
 * still writes (Twilio's messages, masked as a client must), so it looks alive to everything but the writes.
 */
public final class StalledTwilioPeer implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The smallest receive buffer Linux allows is about this; the window closes after a few frames. */
    private static final int RECEIVE_BUFFER = 2048;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final String callSid = FakeTwilioCaller.newCallSid();
    private final String streamSid = FakeTwilioCaller.newStreamSid();

    private StalledTwilioPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects to {@code streamUrl} (ws://), upgrades, and from then on reads nothing. */
    public static StalledTwilioPeer connect(URI streamUrl) {
        try {
            var socket = new Socket();
            // Before connect, so that the window the server sees is small from the first segment on.
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress(streamUrl.getHost(), streamUrl.getPort()), 5_000);
            socket.setSoTimeout(5_000);
            var peer = new StalledTwilioPeer(socket);
            peer.upgrade(streamUrl);
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a stream to " + streamUrl, e);
        }
    }

    public String callSid() {
        return callSid;
    }

    /** Sends connected and start (μ-law 8 kHz mono), calling from {@code from}. */
    public void startCall(String from) {
        sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        sendText("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + streamSid + "\",\"start\":{"
                + "\"accountSid\":\"AC00000000000000000000000000000000\",\"streamSid\":\"" + streamSid + "\","
                + "\"callSid\":\"" + callSid + "\",\"tracks\":[\"inbound\"],"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
                + "\"customParameters\":{\"From\":\"" + from + "\",\"To\":\"+15550001111\"}}}");
    }

    /** Sends one 20 ms frame of caller audio. */
    public void sendMedia(byte[] mulaw) {
        sendText("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"track\":\"inbound\","
                + "\"payload\":\"" + Base64.getEncoder().encodeToString(mulaw) + "\"}}");
    }

    /** Sends Twilio's stop, as when the caller hangs up. */
    public void sendStop() {
        sendText("{\"event\":\"stop\",\"streamSid\":\"" + streamSid + "\",\"stop\":{"
                + "\"accountSid\":\"AC00000000000000000000000000000000\",\"callSid\":\"" + callSid + "\"}}");
    }

    /**
     * Reads (and throws away) what the server sent until the server's side of the connection is gone; true if that
     * happened within {@code timeout}. Reading is what this peer refused to do, so call it only to check the ending.
     */
    public boolean awaitClosedByServer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[64 * 1024];
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // keep reading until the deadline
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private void upgrade(URI streamUrl) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + streamUrl.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + streamUrl.getHost() + ":" + streamUrl.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        var response = new ByteArrayOutputStream();
        while (!response.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the upgrade: " + response);
            }
            response.write(b);
        }
        if (!response.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("the upgrade was refused: " + response);
        }
    }

    private void sendText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        var frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            throw new IllegalArgumentException("frame too long for this fake: " + payload.length);
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        writeLock.lock();
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the server is gone", e);
        } finally {
            writeLock.unlock();
        }
    }
}
