package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer carries one {@code Cache-Control} header line, read off the wire (an HTTP client library may fold
 * repeated lines together): Helidon's health and metrics answers used to carry four, one per directive.
 */
class CacheControlHeaderTest {

    private static final String OBSERVE_DIRECTIVES = "no-cache, no-store, must-revalidate, no-transform";

    @Test
    void healthMetricsAndStaffAnswersCarryOneCacheControlLineEach(@TempDir Path dataDir) throws IOException {
        try (var pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", ""))) {
            Answer health = Answer.get(pharmacy, "/observe/health");
            Answer live = Answer.get(pharmacy, "/observe/health/live");
            Answer metrics = Answer.get(pharmacy, "/observe/metrics");
            Answer dashboard = Answer.get(pharmacy, "/dashboard");
            Answer orders = Answer.get(pharmacy, "/api/orders");

            assertThat(health.statusLine(), equalTo("HTTP/1.1 503 Service Unavailable"));
            assertOneCacheControl(health, OBSERVE_DIRECTIVES);
            assertThat(live.statusLine(), equalTo("HTTP/1.1 200 OK"));
            assertOneCacheControl(live, OBSERVE_DIRECTIVES);
            assertThat(metrics.statusLine(), equalTo("HTTP/1.1 200 OK"));
            assertOneCacheControl(metrics, OBSERVE_DIRECTIVES);
            assertThat(dashboard.statusLine(), equalTo("HTTP/1.1 200 OK"));
            assertOneCacheControl(dashboard, "no-cache");
            assertThat(orders.statusLine(), equalTo("HTTP/1.1 200 OK"));
            assertOneCacheControl(orders, "no-store");
        }
    }

    private static void assertOneCacheControl(Answer answer, String directives) {
        assertThat(answer.path() + ": Cache-Control lines " + answer.header("Cache-Control"),
                answer.header("Cache-Control").size(), equalTo(1));
        assertThat(answer.path(), answer.header("Cache-Control").getFirst(), equalTo(directives));
    }

    /** The head is rewritten, not the body: it still goes out whole, with its length, as before. */
    @Test
    void theObserveAnswersKeepTheirBodyAndContentLength(@TempDir Path dataDir) throws IOException {
        try (var pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", ""))) {
            Answer health = Answer.get(pharmacy, "/observe/health/live");
            Answer metrics = Answer.get(pharmacy, "/observe/metrics");

            assertThat(health.header("Transfer-Encoding"), hasSize(0));
            assertThat(health.header("Content-Length"), equalTo(List.of(String.valueOf(health.body().length))));
            assertThat(new String(health.body(), StandardCharsets.UTF_8), equalTo("{\"status\":\"UP\",\"checks\":[]}"));
            assertThat(metrics.header("Transfer-Encoding"), hasSize(0));
            assertThat(metrics.header("Content-Length"), equalTo(List.of(String.valueOf(metrics.body().length))));
            String prometheus = new String(metrics.body(), StandardCharsets.UTF_8);
            assertThat(prometheus, startsWith("# HELP"));
            assertThat(prometheus, containsString("pharmacy_calls_active"));
        }
    }

    /** One HTTP/1.1 answer as it came over the socket. */
    private record Answer(String path, String statusLine, List<String> headerLines, byte[] body) {

        /**
         * Sends a bare GET on its own connection and reads one answer: its head, then as many bytes as its
         * Content-Length says, or its chunks. (Helidon 4.2 keeps the connection open after {@code Connection: close},
         * so reading to the end of the stream would wait for its idle timeout.)
         */
        static Answer get(LocalPharmacy pharmacy, String path) throws IOException {
            try (var socket = new Socket("127.0.0.1", pharmacy.server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                List<String> lines = List.of(readUntil(in, "\r\n\r\n").split("\r\n"));
                var answer = new Answer(path, lines.getFirst(), lines.subList(1, lines.size()), new byte[0]);
                List<String> length = answer.header("Content-Length");
                if (!length.isEmpty()) {
                    return answer.withBody(in.readNBytes(Integer.parseInt(length.getFirst())));
                }
                assertThat("the answer to " + path + " is chunked", answer.header("Transfer-Encoding"),
                        equalTo(List.of("chunked")));
                var body = new ByteArrayOutputStream();
                for (int size; (size = Integer.parseInt(readUntil(in, "\r\n").trim(), 16)) > 0; ) {
                    body.write(in.readNBytes(size));
                    readUntil(in, "\r\n");
                }
                return answer.withBody(body.toByteArray());
            }
        }

        private Answer withBody(byte[] bytes) {
            return new Answer(path, statusLine, headerLines, bytes);
        }

        /** The values of every line of the header {@code name}, one entry a line. */
        List<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim())
                    .toList();
        }

        /** The text up to {@code end}, which is read and left out. */
        private static String readUntil(InputStream in, String end) throws IOException {
            var text = new StringBuilder();
            while (!text.toString().endsWith(end)) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the server closed the connection after: " + text);
                }
                text.append((char) b);
            }
            return text.substring(0, text.length() - end.length());
        }
    }
}
