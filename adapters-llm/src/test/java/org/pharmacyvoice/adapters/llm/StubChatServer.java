package org.pharmacyvoice.adapters.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server answering each request with the next scripted answer, written in the real wire format by the
 * test (chunked, flushed piece by piece); it records every request and notices when a client goes away mid-answer.
 */
final class StubChatServer implements AutoCloseable {

    /** One request as received, with the client's port: two requests on one connection share it. */
    record Received(String method, String path, Optional<String> query, Map<String, List<String>> headers,
                    String body, int clientPort) {

        /** The header's first value, its name in any case. */
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .findFirst().map(entry -> entry.getValue().get(0));
        }

        JsonObject json() {
            try (var reader = JsonValues.JSON.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    /** Writes one answer on the exchange. */
    interface Answer {
        void write(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stub-chat-server");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch clientGone = new CountDownLatch(1);

    private StubChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubChatServer start() {
        try {
            return new StubChatServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}, as OpenAI's is {@code https://api.openai.com/v1}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    StubChatServer then(Answer answer) {
        script.add(answer);
        return this;
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    /** Whether a write to a client failed because it had closed the connection, within {@code millis}. */
    boolean clientWentAway(long millis) throws InterruptedException {
        return clientGone.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Optional.ofNullable(exchange.getRequestURI().getRawQuery()), headers, body,
                    exchange.getRemoteAddress().getPort()));
            Answer answer = script.poll();
            if (answer == null) {
                answer = stream(List.of(chunk(content("(nothing scripted)"), null), stop(), "[DONE]"));
            }
            answer.write(exchange);
        } catch (IOException e) {
            clientGone.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- answers

    /** A 200 event stream of these {@code data:} payloads, each flushed at once. */
    static Answer stream(List<String> data) {
        return exchange -> {
            OutputStream out = startStream(exchange);
            for (String payload : data) {
                write(out, "data: " + payload + "\n\n");
            }
        };
    }

    /** The 200 headers of an event stream, with a chunked body to write on. */
    static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** An error answer: this status, this JSON body, these extra headers (name, value, name, value...). */
    static Answer error(int status, String json, String... headers) {
        return exchange -> {
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    // ---- chunks in OpenAI's format

    static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764547200,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    static String content(String text) {
        return "{\"content\":" + JsonValues.JSON.createValue(text) + "}";
    }

    static String role() {
        return "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}";
    }

    static String stop() {
        return chunk("{}", "stop");
    }

    /** The first piece of a tool call: index, id, name, and no arguments yet. */
    static String toolStart(int index, String id, String name) {
        return "{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}";
    }

    /** A later piece of a tool call: a stretch of its arguments text. */
    static String toolArguments(int index, String stretch) {
        return "{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":"
                + JsonValues.JSON.createValue(stretch) + "}}]}";
    }
}
