package org.pharmacyvoice.adapters.deepgram;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A bare WebSocket server on a plain socket that greets, applies the settings and then, on request, drops the
 * TCP connection without a close frame: the failure Helidon's own server can't stage, and the one Helidon 4.2's
 * client reports to nobody.
 */
final class DroppingServer implements AutoCloseable {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final CountDownLatch drop = new CountDownLatch(1);
    private final Thread thread;

    DroppingServer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = Thread.ofVirtual().name("dropping-server").start(this::serveOne);
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + FakeDeepgram.PATH);
    }

    /** Drops the connection now. */
    void drop() {
        drop.countDown();
    }

    private void serveOne() {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String key = upgradeKey(in);
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeText(out, FakeDeepgram.WELCOME);
            skipClientFrame(new DataInputStream(in));     // Settings
            writeText(out, FakeDeepgram.SETTINGS_APPLIED);
            drop.await(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
            // The test sees the outcome on the client side.
        }
    }

    private static String upgradeKey(InputStream in) throws IOException {
        String key = null;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) {
                key = line.substring(18).trim();
            }
        }
        return key;
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c != '\n' && c != -1; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String accept(String key) throws NoSuchAlgorithmException {
        byte[] hash = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(hash);
    }

    private static void writeText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);   // FIN + text; a server's frames are not masked
        out.write(payload.length);     // the messages used here are under 126 bytes
        out.write(payload);
        out.flush();
    }

    private static void skipClientFrame(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
        in.skipNBytes(4 + size);   // masking key and payload
    }

    @Override
    public void close() throws IOException {
        drop();
        server.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
