package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 exchange on a raw socket, for a fake that must do what a framework's server won't: drop the
 * connection in the middle of a chunk, and notice at once when the client closes its side while a stream is being
 * written (a reader thread waits on the socket; the client sends nothing after its request, so the read ends only when
 * the client closes). Every answer says {@code Connection: close}, so there is never a second request to read.
 */
final class RawHttpConnection implements AutoCloseable {

    /** Bounds on what a client may send: a chat request with a long conversation is well under a megabyte. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** The request as read: line, headers (names in any case) and body. */
    record Request(String method, String target, Map<String, List<String>> headers, byte[] body) {
    }

    /** The request could not be read as HTTP/1.1; the message says why. */
    static final class Unreadable extends IOException {
        Unreadable(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final CountDownLatch clientClosed = new CountDownLatch(1);

    RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    Request readRequest() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new Unreadable("not an HTTP/1.1 request line");
        }
        var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new Unreadable("a header line without a name");
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        Optional<String> length = first(headers, "Content-Length");
        if (first(headers, "Transfer-Encoding").map(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            body = readChunkedBody();
        } else if (length.isPresent()) {
            long declared;
            try {
                declared = Long.parseLong(length.get());
            } catch (NumberFormatException e) {
                throw new Unreadable("a Content-Length that is not a number");
            }
            if (declared < 0 || declared > MAX_BODY_BYTES) {
                throw new Unreadable("a body of " + declared + " bytes");
            }
            body = in.readNBytes((int) declared);
            if (body.length != declared) {
                throw new Unreadable("the body ended after " + body.length + " of " + declared + " bytes");
            }
        } else {
            body = new byte[0];
        }
        return new Request(requestLine[0], requestLine[1], headers, body);
    }

    static Optional<String> first(Map<String, List<String>> headers, String name) {
        return Optional.ofNullable(headers.get(name)).flatMap(values -> values.stream().findFirst());
    }

    private String readHead() throws IOException {
        var head = new ByteArrayOutputStream(1024);
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new Unreadable("the connection ended inside the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new Unreadable("a request head of more than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private byte[] readChunkedBody() throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new Unreadable("a chunk size that is not hexadecimal");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                throw new Unreadable("a chunked body of more than " + MAX_BODY_BYTES + " bytes");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new Unreadable("the body ended inside a chunk");
            }
            body.write(chunk);
            readLine();
        }
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream(16);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 1024) {
                throw new Unreadable("a chunk line of more than 1024 bytes");
            }
        }
        if (b < 0) {
            throw new Unreadable("the connection ended inside the body");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** An answer with a body of known length. */
    void respond(int status, String reason, Map<String, String> headers, byte[] body) throws IOException {
        var head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Starts a chunked 200 answer. */
    void startChunked(Map<String, String> headers) throws IOException {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Begins watching for the client to close its side, once its request is read: it sends nothing more (every
     * answer closes the connection), so a read that ends means it has gone.
     */
    void watchClient() {
        Thread.ofVirtual().name("fake-llm-client-watch").start(() -> {
            try {
                while (in.read() >= 0) {
                    // A well-behaved client sends nothing after its request; anything it does send is skipped.
                }
            } catch (IOException closed) {
                // reset or closed: gone either way
            }
            clientClosed.countDown();
        });
    }

    /** One chunk of the body, flushed at once. */
    void writeChunk(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The end of a chunked body: the stream is complete. */
    void endChunked() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Half a chunk, then the connection drops: the client sees the body end where no body may end. */
    void breakMidChunk(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        socket.close();
    }

    /** Whether the client has closed its side; waits at most {@code millis} (0: just looks). */
    boolean clientClosed(long millis) throws InterruptedException {
        return clientClosed.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
