package org.pharmacyvoice.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hostile webhook requests from raw sockets, as fast as the server takes them: each connection writes one request,
 * reads the answer, and writes the next on the same connection unless the server closed it. Counts what the server
 * answered to each kind of request; a request without an answer, or an answer followed by more bytes after the
 * server said it closes the connection, is a failure.
 */
final class WebhookFlood {

    /** One kind of hostile request, ready to write, and the status the server must refuse it with. */
    record Attack(String name, byte[] request, int refusal) {

        /** A POST of {@code body} to {@code path}, its length declared or chunked, with or without a signature. */
        static Attack post(String name, String path, String body, boolean chunked, String signature, int refusal) {
            var head = new StringBuilder()
                    .append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: pharmacy.example.test\r\n")
                    .append("Content-Type: application/x-www-form-urlencoded\r\n");
            if (signature != null) {
                head.append("X-Twilio-Signature: ").append(signature).append("\r\n");
            }
            byte[] content = body.getBytes(StandardCharsets.US_ASCII);
            var request = new ByteArrayOutputStream();
            if (chunked) {
                head.append("Transfer-Encoding: chunked\r\n\r\n");
                request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
                for (int from = 0; from < content.length; from += 4096) {
                    int length = Math.min(4096, content.length - from);
                    request.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    request.write(content, from, length);
                    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
                request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(content);
            }
            return new Attack(name, request.toByteArray(), refusal);
        }
    }

    private final InetSocketAddress server;
    private final Map<String, Map<Integer, LongAdder>> answers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong failureCount = new AtomicLong();

    WebhookFlood(int port) {
        this.server = new InetSocketAddress("127.0.0.1", port);
    }

    /** A form body of {@code count} empty parameters ({@code pXYZ=&}): 6 bytes each. */
    static String parameters(int count) {
        var body = new StringBuilder(count * 6);
        for (int i = 0; i < count; i++) {
            String name = Integer.toString(i, 36);
            body.append(i == 0 ? "" : "&").append('p').append("0".repeat(3 - name.length())).append(name).append('=');
        }
        return body.toString();
    }

    /** Sends every attack {@code times} times from one connection, one after the other; for warming up. */
    void oneByOne(List<Attack> attacks, int times) {
        for (Attack attack : attacks) {
            try (var connection = new Connection()) {
                for (int i = 0; i < times; i++) {
                    connection.send(attack);
                }
            }
        }
    }

    /**
     * Runs {@code connections} connections for {@code duration}, connection {@code i} sending attack
     * {@code i % attacks.size()}; returns when all have stopped.
     */
    void run(List<Attack> attacks, int connections, Duration duration) throws InterruptedException {
        // Virtual threads: an attacker's requests cost us only the server side, and twenty busy platform threads in
        // the server's own JVM would take OS time slices from its two carrier threads, twenty against two, which no
        // attacker outside can. As virtual threads they share the carriers' time with the server instead, which
        // still puts the flood's client side on the same two cores.
        long end = System.nanoTime() + duration.toNanos();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < connections; i++) {
            Attack attack = attacks.get(i % attacks.size());
            threads.add(Thread.ofVirtual().name("flood-" + i).start(() -> {
                try (var connection = new Connection()) {
                    while (System.nanoTime() < end) {
                        connection.send(attack);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** For each attack, how many requests got which status. */
    Map<String, Map<Integer, Long>> answers() {
        var copy = new TreeMap<String, Map<Integer, Long>>();
        answers.forEach((attack, statuses) -> {
            var counts = new TreeMap<Integer, Long>();
            statuses.forEach((status, count) -> counts.put(status, count.sum()));
            copy.put(attack, counts);
        });
        return copy;
    }

    /** Requests sent and answered, or not. */
    long requests() {
        return answers.values().stream().flatMap(s -> s.values().stream()).mapToLong(LongAdder::sum).sum()
                + failureCount.get();
    }

    /**
     * Requests without a proper answer (no status line, or bytes after an answer that closed the connection); the
     * first ten are described.
     */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void answered(Attack attack, int status) {
        answers.computeIfAbsent(attack.name(), n -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    private void failed(Attack attack, Exception e) {
        if (failureCount.incrementAndGet() <= 10) {
            failures.add(attack.name() + ": " + e);
        }
    }

    /** One keep-alive connection, opened again whenever the server closes it. */
    private final class Connection implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        void send(Attack attack) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(10_000);
                    socket.connect(server, 5_000);
                    in = new BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                try {
                    out.write(attack.request());
                    out.flush();
                } catch (IOException e) {
                    // The server may answer and close before the whole body is written: its answer still counts.
                }
                boolean keepAlive = readAnswer(attack);
                if (!keepAlive) {
                    expectEnd(attack);
                    close();
                }
            } catch (IOException e) {
                failed(attack, e);
                close();
            }
        }

        /** Reads one response, records its status, and tells whether the connection stays open. */
        private boolean readAnswer(Attack attack) throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not a status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = 0;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            answered(attack, status);
            in.skipNBytes(length);
            return !close;
        }

        /** After {@code Connection: close} the server must send nothing more, e.g. no answer to the unread body. */
        private void expectEnd(Attack attack) {
            try {
                int next = in.read();
                if (next >= 0) {
                    failed(attack, new IOException("the server went on after closing its answer: \"" + (char) next
                            + new String(in.readNBytes(Math.min(in.available(), 60)), StandardCharsets.US_ASCII)
                            + "\""));
                }
            } catch (IOException e) {
                // Reset: the server closed with our body unread, as it should.
            }
        }

        private String line() throws IOException {
            var text = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("connection closed after \"" + text + "\"");
                }
                if (c == '\n') {
                    int end = text.length();
                    return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
                }
                text.append((char) c);
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Nothing left to do with a socket that won't close.
                }
                socket = null;
            }
        }
    }
}
