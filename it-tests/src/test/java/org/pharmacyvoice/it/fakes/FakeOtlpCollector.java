package org.pharmacyvoice.it.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector as far as an OTLP/HTTP exporter can tell: takes {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest} and answers 200 with an empty response. It reads just enough of the protobuf wire
 * format (resource spans → scope spans → spans, and string attributes) to say which spans arrived, with their ids,
 * names and attributes; anything else at another path is a 404, and every request is kept for the test.
 */
public final class FakeOtlpCollector implements AutoCloseable {

    /** One span as it reached the collector; ids in hex, attributes as strings, the resource's service name. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name,
                               Map<String, String> attributes, String serviceName) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeOtlpCollector(HttpServer server) {
        this.server = server;
    }

    public static FakeOtlpCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var collector = new FakeOtlpCollector(server);
            server.createContext("/", collector::handle);
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Each request as "METHOD path content-type". */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + type);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = unzipped.readAllBytes();
                }
            }
            spans.addAll(exportRequest(body));
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** ExportTraceServiceRequest: 1 resource_spans. */
    private static List<ReceivedSpan> exportRequest(byte[] body) {
        var found = new ArrayList<ReceivedSpan>();
        for (Field resourceSpans : Field.all(body, 1)) {
            // ResourceSpans: 1 resource (Resource: 1 attributes), 2 scope_spans.
            String service = "";
            for (Field resource : Field.all(resourceSpans.bytes(), 1)) {
                service = attributes(resource.bytes(), 1).getOrDefault("service.name", "");
            }
            for (Field scopeSpans : Field.all(resourceSpans.bytes(), 2)) {
                // ScopeSpans: 2 spans. Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 9 attributes.
                for (Field span : Field.all(scopeSpans.bytes(), 2)) {
                    byte[] s = span.bytes();
                    found.add(new ReceivedSpan(hex(s, 1), hex(s, 2), hex(s, 4), text(s, 5), attributes(s, 9),
                            service));
                }
            }
        }
        return found;
    }

    /** Repeated KeyValue at field 9 of a span or 1 of a resource: 1 key, 2 AnyValue (1 string_value). */
    private static Map<String, String> attributes(byte[] message, int field) {
        var attributes = new TreeMap<String, String>();
        for (Field keyValue : Field.all(message, field)) {
            String value = "";
            for (Field any : Field.all(keyValue.bytes(), 2)) {
                value = text(any.bytes(), 1);
            }
            attributes.put(text(keyValue.bytes(), 1), value);
        }
        return attributes;
    }

    private static String hex(byte[] message, int number) {
        List<Field> fields = Field.all(message, number);
        return fields.isEmpty() ? "" : HexFormat.of().formatHex(fields.getFirst().bytes());
    }

    private static String text(byte[] message, int number) {
        List<Field> fields = Field.all(message, number);
        return fields.isEmpty() ? "" : new String(fields.getFirst().bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One length-delimited field of a protobuf message; the other wire types are skipped. */
    private record Field(int number, byte[] bytes) {

        static List<Field> all(byte[] message, int wanted) {
            var fields = new ArrayList<Field>();
            int[] at = {0};
            while (at[0] < message.length) {
                long tag = varint(message, at);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> varint(message, at);
                    case 1 -> at[0] += 8;
                    case 5 -> at[0] += 4;
                    case 2 -> {
                        int length = (int) varint(message, at);
                        if (number == wanted) {
                            byte[] bytes = new byte[length];
                            System.arraycopy(message, at[0], bytes, 0, length);
                            fields.add(new Field(number, bytes));
                        }
                        at[0] += length;
                    }
                    default -> throw new IllegalArgumentException("unexpected wire type in " + tag);
                }
            }
            return fields;
        }

        private static long varint(byte[] message, int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = message[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }
    }
}
