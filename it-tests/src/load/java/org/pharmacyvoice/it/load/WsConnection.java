package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket (RFC 6455) over a non-blocking channel, lean enough that thousands of them cost the load generator
 * little: frames are parsed in place from one read buffer, and writes go straight to the socket under a lock, with
 * whatever the socket can't take kept until the next flush. No fragmentation and no extensions: neither Helidon nor
 * the server uses them.
 */
final class WsConnection {

    /** What happens on a connection; called on its reactor's thread. */
    interface Handler {
        /** The server side's upgrade was answered. */
        default void onOpen(WsConnection connection) {
        }

        void onText(WsConnection connection, byte[] data, int offset, int length);

        void onBinary(WsConnection connection, byte[] data, int offset, int length);

        void onClosed(WsConnection connection, String why);
    }

    private static final int MAX_FRAME = 1 << 20;
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    private final SocketChannel channel;
    private final boolean client;
    private final byte[] mask = new byte[4];
    private final Reactor reactor;
    private Handler handler;
    private ByteBuffer in = ByteBuffer.allocate(4096);
    private boolean upgraded;
    private ByteBuffer pending;
    private volatile boolean closed;
    private volatile String closeReason;

    WsConnection(SocketChannel channel, boolean client, Reactor reactor) {
        this.channel = channel;
        this.client = client;
        this.reactor = reactor;
        ThreadLocalRandom.current().nextBytes(mask);
    }

    void handler(Handler handler) {
        this.handler = handler;
    }

    SocketChannel channel() {
        return channel;
    }

    boolean closed() {
        return closed;
    }

    String closeReason() {
        return closeReason;
    }

    // ---- handshakes ----

    /** Client side, on a still blocking channel: sends the upgrade and reads up to the end of the 101 response. */
    void upgradeAsClient(String host, String path) throws IOException {
        String key = java.util.Base64.getEncoder().encodeToString(randomBytes(16));
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        writeFully(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        // Through the socket's stream, which honours SO_TIMEOUT: an overloaded server must not hang the dialer.
        var response = channel.socket().getInputStream();
        int end;
        while ((end = indexOf(in.array(), 0, in.position(), HEADER_END)) < 0) {
            if (!in.hasRemaining()) {
                throw new IOException("upgrade response too long");
            }
            int n = response.read(in.array(), in.position(), in.remaining());
            if (n < 0) {
                throw new IOException("closed during the upgrade");
            }
            in.position(in.position() + n);
        }
        String head = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
        }
        // Anything after the response is already WebSocket data.
        in.flip();
        in.position(end + HEADER_END.length);
        in.compact();
        upgraded = true;
    }

    /** Server side: reads the upgrade request as it arrives; true once answered with 101. */
    private boolean upgradeAsServer() throws IOException {
        int end = indexOf(in.array(), 0, in.position(), HEADER_END);
        if (end < 0) {
            if (!in.hasRemaining()) {
                throw new IOException("upgrade request too long");
            }
            return false;
        }
        String head = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
        String key = head.lines().filter(line -> line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18))
                .map(line -> line.substring(18).trim()).findFirst()
                .orElseThrow(() -> new IOException("no Sec-WebSocket-Key"));
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        in.flip();
        in.position(end + HEADER_END.length);
        in.compact();
        upgraded = true;
        send(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
        return true;
    }

    static String accept(String key) {
        try {
            var sha1 = java.security.MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reading (the reactor's thread) ----

    /** The channel is readable: reads once and handles every complete frame. */
    void readable() {
        try {
            if (channel.read(in) < 0) {
                close("end of stream");
                return;
            }
            if (!upgraded) {
                if (!upgradeAsServer()) {
                    return;
                }
                handler.onOpen(this);
            }
        } catch (IOException e) {
            close(e.toString());
            return;
        }
        in.flip();
        parseFrames();
        in.compact();
    }

    /** Parses whatever complete frames the buffer (in read mode) holds. */
    private void parseFrames() {
        while (!closed && in.remaining() >= 2) {
            byte[] a = in.array();
            int p = in.position();
            int remaining = in.remaining();
            int b0 = a[p] & 0xff;
            int b1 = a[p + 1] & 0xff;
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (remaining < 4) {
                    return;
                }
                length = ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (remaining < 10) {
                    return;
                }
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | (a[p + 2 + i] & 0xff);
                }
                header = 10;
            }
            boolean masked = (b1 & 0x80) != 0;
            if (masked) {
                header += 4;
            }
            if (length > MAX_FRAME) {
                close("frame of " + length + " bytes");
                return;
            }
            int total = header + (int) length;
            if (remaining < total) {
                if (in.capacity() < total) {
                    ByteBuffer bigger = ByteBuffer.allocate(Math.max(total, in.capacity() * 2));
                    bigger.put(in);
                    bigger.flip();
                    in = bigger;
                }
                return;
            }
            int offset = p + header;
            if (masked) {
                for (int i = 0; i < length; i++) {
                    a[offset + i] ^= a[offset - 4 + (i & 3)];
                }
            }
            in.position(p + total);
            if ((b0 & 0x80) == 0 || (b0 & 0x0f) == 0) {
                close("fragmented frame: the load generator does not join fragments");
                return;
            }
            switch (b0 & 0x0f) {
                case 1 -> handler.onText(this, a, offset, (int) length);
                case 2 -> handler.onBinary(this, a, offset, (int) length);
                case 8 -> close("close frame "
                        + (length >= 2 ? ((a[offset] & 0xff) << 8 | (a[offset + 1] & 0xff)) : 1005));
                case 9 -> sendFrame(10, a, offset, (int) length);
                default -> {
                    // pong: nothing to do
                }
            }
        }
    }

    // ---- writing (any thread) ----

    void sendText(byte[] payload, int offset, int length) {
        sendFrame(1, payload, offset, length);
    }

    void sendText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sendFrame(1, bytes, 0, bytes.length);
    }

    void sendBinary(byte[] payload, int offset, int length) {
        sendFrame(2, payload, offset, length);
    }

    /** Frames the payload (masked if we are the client) into this thread's scratch buffer and sends it. */
    void sendFrame(int opcode, byte[] payload, int offset, int length) {
        ByteBuffer out = SCRATCH.get();
        if (out.capacity() < length + 14) {
            out = ByteBuffer.allocateDirect(length + 14);
            SCRATCH.set(out);
        }
        out.clear();
        out.put((byte) (0x80 | opcode));
        int maskBit = client ? 0x80 : 0;
        if (length < 126) {
            out.put((byte) (maskBit | length));
        } else if (length < 65536) {
            out.put((byte) (maskBit | 126)).putShort((short) length);
        } else {
            out.put((byte) (maskBit | 127)).putLong(length);
        }
        if (client) {
            out.put(mask);
            for (int i = 0; i < length; i++) {
                out.put((byte) (payload[offset + i] ^ mask[i & 3]));
            }
        } else {
            out.put(payload, offset, length);
        }
        out.flip();
        send(out);
    }

    /** Writes what the socket takes now; the rest waits in {@link #pending} for {@link #flush()}. */
    synchronized void send(ByteBuffer data) {
        if (closed) {
            return;
        }
        if (pending != null) {
            keep(data);
            return;
        }
        try {
            channel.write(data);
        } catch (IOException e) {
            closeLater(e.toString());
            return;
        }
        if (data.hasRemaining()) {
            keep(data);
            reactor.needsFlush(this);
        }
    }

    private void keep(ByteBuffer data) {
        if (pending == null) {
            pending = ByteBuffer.allocate(Math.max(8192, data.remaining() * 2));
        } else if (pending.remaining() < data.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate((pending.position() + data.remaining()) * 2);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(data);
    }

    /** Tries again to write what the socket refused earlier; false while some is still left. */
    synchronized boolean flush() {
        if (pending == null || closed) {
            return true;
        }
        pending.flip();
        try {
            channel.write(pending);
        } catch (IOException e) {
            pending = null;
            closeLater(e.toString());
            return true;
        }
        if (pending.hasRemaining()) {
            pending.compact();
            return false;
        }
        pending = null;
        return true;
    }

    /** Bytes waiting for the socket: the server is not reading as fast as we send. */
    synchronized int pendingBytes() {
        return pending == null ? 0 : pending.position();
    }

    private void writeFully(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    // ---- closing ----

    /** Sends a close frame and drops the connection. */
    void closeNormally() {
        sendFrame(8, new byte[] {0x03, (byte) 0xe8}, 0, 2);
        close("closed by the load generator");
    }

    private void closeLater(String why) {
        reactor.execute(() -> close(why));
    }

    void close(String why) {
        if (closed) {
            return;
        }
        closed = true;
        closeReason = why;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (handler != null) {
            handler.onClosed(this, why);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    static int indexOf(byte[] data, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
