package org.pharmacyvoice.it.fakes;

import static org.pharmacyvoice.it.fakes.JsonText.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A local stand-in for an OpenAI-compatible Chat Completions API ({@code POST /v1/chat/completions} with
 * {@code "stream": true}) that streams scripted replies in the real wire format: server-sent events whose
 * {@code data:} is a {@code chat.completion.chunk} (the role first, then {@code delta.content} pieces or
 * {@code delta.tool_calls} pieces by {@code index}: id, type and name first, then the arguments in stretches;
 * then a chunk with {@code finish_reason}), and {@code data: [DONE]}; errors as OpenAI writes them
 * ({@code {"error": {"message", "type", "param", "code"}}}), a 429 with {@code Retry-After}, a stream that breaks
 * mid-chunk or stalls. See {@code docs/llm-chat-completions-wire.md} for the sources.
 *
 * <p>Scripted replies answer requests in arrival order, one each. <b>When the script is empty</b>, a request gets
 * {@link #DEFAULT_REPLY}, streamed word by word and ended with {@code finish_reason: "stop"}.
 *
 * <p>Like the real API, it refuses a request before any script is used when it would refuse it: no
 * {@code Authorization: Bearer} {@link #API_KEY} (nor {@code api-key} header with it) → 401; a body that is not a
 * JSON object, no {@code model}, no {@code messages}, an empty {@code tools} array, a {@code tool} message that
 * answers no earlier assistant {@code tool_calls} id, or an assistant's tool call left unanswered before the next
 * message → 400 with OpenAI's wording. Such a refusal is also listed in {@link #mistakes()}, as is a request without
 * {@code "stream": true} (this fake only streams; it answers 400).
 *
 * <p>Every request is recorded ({@link #requests()}: headers, bytes, parsed JSON with helpers for roles, tool call
 * ids and tool results). A stream the client closes before the fake has written it all counts as cancelled
 * ({@link #cancelledStreams()}): the fake watches its socket, so a cancel is noticed within milliseconds, even between
 * two chunks of a slow reply.
 */
public final class FakeLanguageModel implements AutoCloseable {

    /** The key the fake accepts. */
    public static final String API_KEY = "sk-fake-llm-" + "0123456789abcdef".repeat(2);
    /** The path of the one endpoint, under {@link #baseUrl()}. */
    public static final String PATH = "/v1/chat/completions";
    /** What an unscripted request is answered with. */
    public static final String DEFAULT_REPLY = "How can I help you today?";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** How many characters of a tool call's arguments go in one chunk (OpenAI sends a token or two at a time). */
    private static final int ARGUMENT_STRETCH = 6;

    /** One scripted tool call: its id (as OpenAI writes them, {@code call_} and 24 characters), name and arguments. */
    public record ScriptedCall(String id, String name, String arguments) {
    }

    /** One scripted answer to one request. */
    public sealed interface Reply {
    }

    /** Text streamed in {@code pieces}, {@code gap} apart, then tool calls (maybe none), then the finish reason. */
    public record Streamed(List<String> pieces, List<ScriptedCall> calls, Duration gap, String finishReason)
            implements Reply {
        public Streamed {
            pieces = List.copyOf(pieces);
            calls = List.copyOf(calls);
        }
    }

    /** An HTTP error with OpenAI's error body; {@code retryAfter} sets the {@code Retry-After} header (seconds). */
    public record Failure(int status, String type, String code, String message, Optional<Duration> retryAfter)
            implements Reply {
    }

    /** Text streamed in {@code pieces}, then the connection drops in the middle of the next chunk. */
    public record Broken(List<String> pieces, Duration gap) implements Reply {
        public Broken {
            pieces = List.copyOf(pieces);
        }
    }

    /** Text streamed in {@code pieces}, then nothing for {@code silence}, then the connection closes. */
    public record Stalled(List<String> pieces, Duration silence) implements Reply {
        public Stalled {
            pieces = List.copyOf(pieces);
        }
    }

    /**
     * {@code reply}, but only after {@code delay} without a byte of answer (not even the headers): the model is slow
     * to start. A client that gives up meanwhile counts as a cancelled stream.
     */
    public record Delayed(Duration delay, Reply reply) implements Reply {
    }

    /** One request as the fake received it. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body,
                          Optional<JsonObject> json, int answeredStatus) {

        /** The header's first value, its name in any case. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).findFirst()
                    .flatMap(entry -> entry.getValue().stream().findFirst());
        }

        public String model() {
            return json.map(body -> body.getString("model", "")).orElse("");
        }

        /** The messages, in order. */
        public List<JsonObject> messages() {
            return json.map(body -> body.get("messages")).filter(value -> value instanceof JsonArray)
                    .map(value -> value.asJsonArray().stream().filter(m -> m instanceof JsonObject)
                            .map(JsonValue::asJsonObject).toList())
                    .orElse(List.of());
        }

        /** Each message's role, in order: {@code system, user, assistant, tool, ...}. */
        public List<String> roles() {
            return messages().stream().map(message -> message.getString("role", "")).toList();
        }

        /** The text of each message of this role, in order (null content as an empty string). */
        public List<String> contents(String role) {
            return messages().stream().filter(message -> role.equals(message.getString("role", "")))
                    .map(message -> message.get("content") instanceof JsonString text ? text.getString() : "")
                    .toList();
        }

        /** The ids of the tool calls the assistant messages carry, in order. */
        public List<String> toolCallIds() {
            var ids = new ArrayList<String>();
            for (JsonObject message : messages()) {
                if (message.get("tool_calls") instanceof JsonArray calls) {
                    calls.stream().filter(call -> call instanceof JsonObject)
                            .forEach(call -> ids.add(call.asJsonObject().getString("id", "")));
                }
            }
            return ids;
        }

        /** The {@code tool} messages' contents by their {@code tool_call_id}, in order. */
        public Map<String, String> toolResults() {
            var results = new LinkedHashMap<String, String>();
            for (JsonObject message : messages()) {
                if ("tool".equals(message.getString("role", ""))) {
                    results.put(message.getString("tool_call_id", ""),
                            message.get("content") instanceof JsonString text ? text.getString() : "");
                }
            }
            return results;
        }

        /** The names of the tools offered, in order. */
        public List<String> toolNames() {
            return json.map(body -> body.get("tools")).filter(value -> value instanceof JsonArray)
                    .map(value -> value.asJsonArray().stream().filter(tool -> tool instanceof JsonObject)
                            .map(tool -> tool.asJsonObject().get("function"))
                            .filter(function -> function instanceof JsonObject)
                            .map(function -> function.asJsonObject().getString("name", "")).toList())
                    .orElse(List.of());
        }
    }

    private final ServerSocket server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> mistakes = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private FakeLanguageModel() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-llm-accept").start(this::accept);
    }

    /** Starts the fake on a free loopback port. */
    public static FakeLanguageModel start() {
        try {
            return new FakeLanguageModel();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake language model", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}: the base URL, as {@code https://api.openai.com/v1} is OpenAI's. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
    }

    // ---- scripting: each call answers one more request, in order

    /** The next reply: this text, streamed in these pieces ({@code replyText("Your order ", "is ready.")}). */
    public FakeLanguageModel replyText(String... pieces) {
        return replyText(Duration.ZERO, pieces);
    }

    /** The next reply: these pieces, {@code gap} apart, so a test can barge in mid-reply. */
    public FakeLanguageModel replyText(Duration gap, String... pieces) {
        return reply(new Streamed(List.of(pieces), List.of(), gap, "stop"));
    }

    /**
     * The next reply: these tool calls and no text, their arguments split over many chunks, finish reason
     * {@code tool_calls} ({@code replyToolCalls(call("check_order_status", "{\"rx_number\":\"RX-1\"}"))}).
     */
    public FakeLanguageModel replyToolCalls(ScriptedCall... calls) {
        return reply(new Streamed(List.of(), List.of(calls), Duration.ZERO, "tool_calls"));
    }

    /** The next reply: some text first, then these tool calls ({@code replyTextThenToolCalls("Let me check.", c)}). */
    public FakeLanguageModel replyTextThenToolCalls(String text, ScriptedCall... calls) {
        return reply(new Streamed(List.of(text), List.of(calls), Duration.ZERO, "tool_calls"));
    }

    /** The next reply: these pieces, ended with {@code finish_reason: "length"} (the token limit). */
    public FakeLanguageModel replyCutAtTokenLimit(String... pieces) {
        return reply(new Streamed(List.of(pieces), List.of(), Duration.ZERO, "length"));
    }

    /**
     * The next request gets this HTTP error with OpenAI's body ({@code replyError(500, "The server had an error
     * while processing your request.")}); 401 gets type {@code invalid_request_error} and code
     * {@code invalid_api_key}, others {@code server_error}.
     */
    public FakeLanguageModel replyError(int status, String message) {
        boolean auth = status == 401;
        return reply(new Failure(status, auth ? "invalid_request_error" : "server_error",
                auth ? "invalid_api_key" : null, message, Optional.empty()));
    }

    /** The next request gets 429 with {@code Retry-After} in whole seconds ({@code replyRateLimited(ofSeconds(2))}). */
    public FakeLanguageModel replyRateLimited(Duration retryAfter) {
        return reply(new Failure(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests",
                Optional.of(retryAfter)));
    }

    /** The next reply streams these pieces, then its connection drops mid-chunk ({@code replyBrokenAfter("Your")}). */
    public FakeLanguageModel replyBrokenAfter(String... pieces) {
        return reply(new Broken(List.of(pieces), Duration.ZERO));
    }

    /**
     * The next reply streams these pieces, then says nothing for {@code silence}
     * ({@code replyStalled(ofSeconds(30), "Let me")}).
     */
    public FakeLanguageModel replyStalled(Duration silence, String... pieces) {
        return reply(new Stalled(List.of(pieces), silence));
    }

    /**
     * The next reply comes only after {@code wait} without a byte of answer
     * ({@code replyAfter(ofSeconds(10), new Streamed(List.of("Hi."), List.of(), ZERO, "stop"))}).
     */
    public FakeLanguageModel replyAfter(Duration wait, Reply reply) {
        return reply(new Delayed(wait, reply));
    }

    /** Any scripted reply, for combinations the shortcuts don't cover. */
    public FakeLanguageModel reply(Reply reply) {
        script.add(reply);
        return this;
    }

    /** A tool call with a fresh OpenAI-style id ({@code call_} and 24 letters and digits). */
    public static ScriptedCall call(String name, String argumentsJson) {
        var id = new StringBuilder("call_");
        for (int i = 0; i < 24; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return new ScriptedCall(id.toString(), name, argumentsJson);
    }

    /** How many scripted replies are still waiting for a request. */
    public int unusedReplies() {
        return script.size();
    }

    /** Drops the scripted replies no request used, so that a failed test leaves none to the next; returns how many. */
    public int forgetUnusedReplies() {
        int unused = script.size();
        script.clear();
        return unused;
    }

    // ---- what happened

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The {@code n}th request (from 1), waiting for it at most {@code timeout}. */
    public Request awaitRequest(int n, Duration timeout) {
        awaitCount(() -> requests.size(), n, timeout, "request " + n);
        return requests.get(n - 1);
    }

    /** Streams the client closed before the fake had written them whole. */
    public int cancelledStreams() {
        return cancelled.get();
    }

    /** Waits until at least {@code n} streams were cancelled by the client. */
    public void awaitCancelledStreams(int n, Duration timeout) {
        awaitCount(cancelled::get, n, timeout, n + " cancelled streams");
    }

    /** Streams written whole, to their {@code [DONE]}. */
    public int completedStreams() {
        return completed.get();
    }

    /** What the real API would have refused, or a careful client would not have sent (see the class comment). */
    public List<String> mistakes() {
        return List.copyOf(mistakes);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
    }

    private void awaitCount(java.util.function.IntSupplier count, int n, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (count.getAsInt() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " at the fake language model within " + timeout
                            + " (requests: " + requests.size() + ", cancelled: " + cancelled.get() + ")");
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                Thread.ofVirtual().name("fake-llm-exchange").start(() -> exchange(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void exchange(Socket socket) {
        try (var connection = new RawHttpConnection(socket)) {
            RawHttpConnection.Request raw;
            try {
                raw = connection.readRequest();
            } catch (RawHttpConnection.Unreadable e) {
                mistakes.add("unreadable request: " + e.getMessage());
                connection.respond(400, "Bad Request", Map.of("Content-Type", "application/json"),
                        error("We could not parse the JSON body of your request.", "invalid_request_error", null,
                                null));
                return;
            }
            connection.watchClient();
            answer(connection, raw);
        } catch (IOException | InterruptedException e) {
            // The client went away while its answer was written; a stream counts as cancelled where it was noticed.
        } finally {
            open.remove(socket);
        }
    }

    private void answer(RawHttpConnection connection, RawHttpConnection.Request raw)
            throws IOException, InterruptedException {
        String body = new String(raw.body(), StandardCharsets.UTF_8);
        Optional<JsonObject> json = JsonText.parse(body).filter(value -> value instanceof JsonObject)
                .map(JsonValue::asJsonObject);
        String path = raw.target().contains("?") ? raw.target().substring(0, raw.target().indexOf('?'))
                : raw.target();
        Optional<Refusal> refusal = refusal(raw, path, json);
        Reply reply = refusal.isPresent() ? null : Optional.ofNullable(script.poll()).orElseGet(
                () -> new Streamed(words(DEFAULT_REPLY), List.of(), Duration.ZERO, "stop"));
        Reply answered = reply;
        while (answered instanceof Delayed delayed) {
            answered = delayed.reply();
        }
        int status = refusal.map(Refusal::status).orElse(answered instanceof Failure failure ? failure.status() : 200);
        requests.add(new Request(raw.method(), path, raw.headers(), body, json, status));
        signal();
        if (refusal.isPresent()) {
            mistakes.add(refusal.get().message());
            connection.respond(refusal.get().status(), reason(refusal.get().status()),
                    Map.of("Content-Type", "application/json"), refusal.get().body());
            return;
        }
        String model = json.map(object -> object.getString("model", "")).orElse("");
        while (reply instanceof Delayed delayed) {
            if (connection.clientClosed(delayed.delay().toMillis())) {
                countCancelled();
                return;
            }
            reply = delayed.reply();
        }
        switch (reply) {
            case Failure failure -> {
                var headers = new LinkedHashMap<String, String>();
                headers.put("Content-Type", "application/json");
                failure.retryAfter().ifPresent(wait -> headers.put("Retry-After",
                        Long.toString((wait.toMillis() + 999) / 1000)));
                connection.respond(failure.status(), reason(failure.status()), headers,
                        error(failure.message(), failure.type(), null, failure.code()));
            }
            case Streamed streamed -> {
                try {
                    stream(connection, model, streamed);
                } catch (IOException clientGone) {
                    // A write failed: the client closed the stream before its end.
                    countCancelled();
                }
            }
            case Broken broken -> {
                var chunks = new ChunkWriter(model);
                startStream(connection);
                connection.writeChunk(event(chunks.role()));
                for (String piece : broken.pieces()) {
                    pause(broken.gap());
                    connection.writeChunk(event(chunks.text(piece)));
                }
                connection.breakMidChunk(event(chunks.text(" and then")));
            }
            case Delayed delayed -> throw new IllegalStateException("unwrapped above");
            case Stalled stalled -> {
                var chunks = new ChunkWriter(model);
                startStream(connection);
                try {
                    connection.writeChunk(event(chunks.role()));
                    for (String piece : stalled.pieces()) {
                        connection.writeChunk(event(chunks.text(piece)));
                    }
                } catch (IOException clientGone) {
                    countCancelled();
                    return;
                }
                if (connection.clientClosed(stalled.silence().toMillis())) {
                    countCancelled();
                }
            }
        }
    }

    private void stream(RawHttpConnection connection, String model, Streamed streamed)
            throws IOException, InterruptedException {
        var chunks = new ChunkWriter(model);
        startStream(connection);
        List<String> events = new ArrayList<>();
        events.add(chunks.role());
        streamed.pieces().forEach(piece -> events.add(chunks.text(piece)));
        for (int index = 0; index < streamed.calls().size(); index++) {
            ScriptedCall call = streamed.calls().get(index);
            events.add(chunks.toolCallStart(index, call));
            String arguments = call.arguments();
            for (int at = 0; at < arguments.length(); at += ARGUMENT_STRETCH) {
                events.add(chunks.toolCallArguments(index, arguments.substring(at,
                        Math.min(arguments.length(), at + ARGUMENT_STRETCH))));
            }
        }
        events.add(chunks.finish(streamed.finishReason()));
        for (int i = 0; i < events.size(); i++) {
            if (i > 1) {
                // The role chunk and the first piece come together; the gap is between pieces.
                if (connection.clientClosed(streamed.gap().toMillis())) {
                    countCancelled();
                    return;
                }
            }
            connection.writeChunk(event(events.get(i)));
        }
        connection.writeChunk("data: [DONE]\n\n");
        connection.endChunked();
        completed.incrementAndGet();
        signal();
    }

    private void countCancelled() {
        cancelled.incrementAndGet();
        signal();
    }

    private static void startStream(RawHttpConnection connection) throws IOException {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-cache");
        headers.put("x-request-id", "req_" + Long.toHexString(RANDOM.nextLong()));
        connection.startChunked(headers);
    }

    private static void pause(Duration gap) throws InterruptedException {
        if (!gap.isZero()) {
            Thread.sleep(gap);
        }
    }

    private static String event(String data) {
        return "data: " + data + "\n\n";
    }

    private static List<String> words(String text) {
        var pieces = new ArrayList<String>();
        for (String word : text.split("(?<= )")) {
            pieces.add(word);
        }
        return pieces;
    }

    /** Writes {@code chat.completion.chunk} objects of one reply, with its id, time and model. */
    private static final class ChunkWriter {
        private final String id = "chatcmpl-" + Long.toHexString(RANDOM.nextLong());
        private final long created = System.currentTimeMillis() / 1000;
        private final String model;

        ChunkWriter(String model) {
            this.model = model;
        }

        String role() {
            return chunk(JSON.createObjectBuilder().add("role", "assistant").add("content", "")
                    .addNull("refusal"), null);
        }

        String text(String piece) {
            return chunk(JSON.createObjectBuilder().add("content", piece), null);
        }

        String toolCallStart(int index, ScriptedCall call) {
            return chunk(JSON.createObjectBuilder().add("tool_calls", JSON.createArrayBuilder().add(
                    JSON.createObjectBuilder().add("index", index).add("id", call.id()).add("type", "function")
                            .add("function", JSON.createObjectBuilder().add("name", call.name())
                                    .add("arguments", "")))), null);
        }

        String toolCallArguments(int index, String stretch) {
            return chunk(JSON.createObjectBuilder().add("tool_calls", JSON.createArrayBuilder().add(
                    JSON.createObjectBuilder().add("index", index)
                            .add("function", JSON.createObjectBuilder().add("arguments", stretch)))), null);
        }

        String finish(String reason) {
            return chunk(JSON.createObjectBuilder(), reason);
        }

        private String chunk(JsonObjectBuilder delta, String finishReason) {
            JsonObjectBuilder choice = JSON.createObjectBuilder().add("index", 0).add("delta", delta)
                    .addNull("logprobs");
            if (finishReason == null) {
                choice.addNull("finish_reason");
            } else {
                choice.add("finish_reason", finishReason);
            }
            return JSON.createObjectBuilder().add("id", id).add("object", "chat.completion.chunk")
                    .add("created", created).add("model", model).add("system_fingerprint", "fp_fake")
                    .add("choices", JSON.createArrayBuilder().add(choice)).build().toString();
        }
    }

    // ---- refusals, as the real API words them

    private record Refusal(int status, String message, byte[] body) {
    }

    private static Optional<Refusal> refusal(RawHttpConnection.Request raw, String path, Optional<JsonObject> json) {
        if (!raw.method().equals("POST") || !path.equals(PATH)) {
            return invalid(404, "Invalid URL (" + raw.method() + " " + path + ")", null);
        }
        String bearer = RawHttpConnection.first(raw.headers(), "Authorization").orElse("");
        String apiKey = RawHttpConnection.first(raw.headers(), "api-key").orElse("");
        if (!bearer.equals("Bearer " + API_KEY) && !apiKey.equals(API_KEY)) {
            String message = bearer.isEmpty() && apiKey.isEmpty()
                    ? "You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
                    : "Incorrect API key provided.";
            return Optional.of(new Refusal(401, message, error(message, "invalid_request_error", null,
                    bearer.isEmpty() && apiKey.isEmpty() ? null : "invalid_api_key")));
        }
        if (json.isEmpty()) {
            return invalid(400, "We could not parse the JSON body of your request. (HINT: This likely means you "
                    + "aren't using your HTTP library correctly.)", null);
        }
        JsonObject body = json.get();
        if (!(body.get("model") instanceof JsonString model) || model.getString().isBlank()) {
            return invalid(400, "you must provide a model parameter", null);
        }
        if (!(body.get("messages") instanceof JsonArray messages) || messages.isEmpty()) {
            return invalid(400, "[] is too short - 'messages'", "messages");
        }
        if (body.get("tools") instanceof JsonArray tools && tools.isEmpty()) {
            return invalid(400, "[] is too short - 'tools'", "tools");
        }
        if (!JsonValue.TRUE.equals(body.get("stream"))) {
            return invalid(400, "this fake only streams: \"stream\": true is missing", "stream");
        }
        return toolOrder(messages);
    }

    /** A tool message answers a call of the assistant message before it; every such call is answered. */
    private static Optional<Refusal> toolOrder(JsonArray messages) {
        Set<String> awaiting = new HashSet<>();
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof JsonObject message)) {
                return invalid(400, "Invalid type for 'messages[" + i + "]': expected an object", "messages");
            }
            String role = message.getString("role", "");
            if (role.equals("tool")) {
                String id = message.getString("tool_call_id", "");
                if (!awaiting.remove(id)) {
                    return invalid(400, "Invalid parameter: messages with role 'tool' must be a response to a "
                            + "preceeding message with 'tool_calls'.", "messages.[" + i + "].role");
                }
                continue;
            }
            if (!awaiting.isEmpty()) {
                unanswered.addAll(awaiting);
                break;
            }
            if (!List.of("system", "developer", "user", "assistant").contains(role)) {
                return invalid(400, "Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', "
                        + "'user', 'function', 'tool', and 'developer'.", "messages[" + i + "].role");
            }
            if (role.equals("assistant") && message.get("tool_calls") instanceof JsonArray calls) {
                calls.stream().filter(call -> call instanceof JsonObject)
                        .forEach(call -> awaiting.add(call.asJsonObject().getString("id", "")));
            }
        }
        if (unanswered.isEmpty() && !awaiting.isEmpty()) {
            unanswered.addAll(awaiting);
        }
        if (!unanswered.isEmpty()) {
            Collections.sort(unanswered);
            return invalid(400, "An assistant message with 'tool_calls' must be followed by tool messages responding "
                    + "to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
                    + String.join(", ", unanswered), "messages");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> invalid(int status, String message, String param) {
        return Optional.of(new Refusal(status, message, error(message, "invalid_request_error", param, null)));
    }

    private static byte[] error(String message, String type, String param, String code) {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("message", message).add("type", type);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        if (code == null) {
            error.addNull("code");
        } else {
            error.add("code", code);
        }
        return JSON.createObjectBuilder().add("error", error).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
