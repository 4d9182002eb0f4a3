package org.pharmacyvoice.it.fakes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.helidon.websocket.WsCloseCodes;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.pharmacyvoice.it.DeepgramAgentSpec;
import org.pharmacyvoice.it.DeepgramSchemaCheck;

/** One WebSocket connection accepted by {@link FakeDeepgramAgent}: what the client sent, and the agent's side of the talk. */
public final class AgentConnection {

    private static final Map<String, String> ACKNOWLEDGEMENTS = Map.of(
            "UpdatePrompt", "PromptUpdated",
            "UpdateSpeak", "SpeakUpdated",
            "UpdateThink", "ThinkUpdated",
            "UpdateListen", "ListenUpdated");
    private static final Set<String> INJECTIONS = Set.of("InjectUserMessage", "InjectAgentMessage");

    private final int number;
    private final BooleanSupplier holdSettingsApplied;
    private final String requestId = UUID.randomUUID().toString();
    private final CompletableFuture<JsonObject> settings = new CompletableFuture<>();
    private final AtomicBoolean settingsAppliedSent = new AtomicBoolean();
    private final List<JsonObject> receivedJson = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AudioBuffer audio = new AudioBuffer();
    private final Map<String, FunctionCall> requested = new ConcurrentHashMap<>();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<JsonObject>> responses = new ConcurrentHashMap<>();
    private final List<String> injectedUserMessages = new CopyOnWriteArrayList<>();
    private final List<JsonObject> injectedAgentMessages = new CopyOnWriteArrayList<>();
    private final AtomicInteger injectionsToRefuse = new AtomicInteger();
    private volatile boolean echoInjections = true;
    private final ConnectionEnd end = new ConnectionEnd();
    private volatile Map<String, List<String>> upgradeHeaders = Map.of();
    private volatile SerializedSession session;
    private volatile CountDownLatch reading = new CountDownLatch(0);

    AgentConnection(int number, BooleanSupplier holdSettingsApplied) {
        this.number = number;
        this.holdSettingsApplied = holdSettingsApplied;
    }

    /** The {@code Authorization} header of the upgrade request (e.g. {@code "Token <key>"}), or null if absent. */
    public String authorization() {
        return upgradeHeader("Authorization").orElse(null);
    }

    /** Any header of the upgrade request, looked up case-insensitively. */
    public Optional<String> upgradeHeader(String name) {
        return upgradeHeaders.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    /** The {@code request_id} this connection's Welcome carried. */
    public String requestId() {
        return requestId;
    }

    /** The client's Settings message; waits up to 5 s. */
    public JsonObject settings() {
        return settings(Duration.ofSeconds(5));
    }

    /** The client's Settings message, waiting up to {@code timeout}. */
    public JsonObject settings(Duration timeout) {
        return await(settings, timeout, "Settings");
    }

    /** True once SettingsApplied was sent on this connection. */
    public boolean settingsApplied() {
        return settingsAppliedSent.get();
    }

    /** Every JSON object the client sent, in arrival order (Settings included). */
    public List<JsonObject> receivedJson() {
        return List.copyOf(receivedJson);
    }

    /** All binary frames (messages) the client sent, concatenated in arrival order. */
    public byte[] receivedAudio() {
        return audio.bytes();
    }

    /** The binary messages the client sent, one entry per message. */
    public List<byte[]> audioFrames() {
        return audio.frames();
    }

    /** When each binary message arrived ({@link System#nanoTime()}), in the order of {@link #audioFrames()}. */
    public List<Long> audioArrivals() {
        return audio.arrivals();
    }

    /** Waits until at least {@code bytes} audio bytes arrived; returns all audio received so far. */
    public byte[] awaitAudio(int bytes, Duration timeout) {
        return audio.await(bytes, timeout);
    }

    /** Sends {@code {"type":"SettingsApplied"}} now; needed only when the agent holds it back. Idempotent. */
    public void applySettings() {
        if (!settings.isDone()) {
            throw new IllegalStateException("the client has not sent Settings yet");
        }
        // Flag first: the client may react to SettingsApplied with audio before send() even returns.
        if (settingsAppliedSent.compareAndSet(false, true)) {
            sendJson("{\"type\":\"SettingsApplied\"}");
        }
    }

    /** Sends a text frame as is (no validation: tests may send what a newer or broken agent would). */
    public void sendJson(String json) {
        session().sendText(json);
    }

    /** Sends agent speech as one binary frame. */
    public void sendAudio(byte[] bytes) {
        session().sendBinary(bytes);
    }

    /** Sends one FunctionCallRequest holding all {@code calls} (client_side: true); the client must answer each id once. */
    public void requestFunctions(FunctionCall... calls) {
        JsonArrayBuilder functions = JsonText.JSON.createArrayBuilder();
        for (FunctionCall call : calls) {
            // Registered before sending: a fast client may answer before send() returns.
            requested.put(call.id(), call);
            functions.add(JsonText.JSON.createObjectBuilder()
                    .add("id", call.id())
                    .add("name", call.name())
                    .add("arguments", call.arguments())
                    .add("client_side", true));
        }
        sendJson(JsonText.JSON.createObjectBuilder().add("type", "FunctionCallRequest").add("functions", functions).build().toString());
    }

    /**
     * Sends {@code json}, a FunctionCallRequest as written (say, with arguments as an object, or no valid JSON at all),
     * expecting one answer for each of {@code calls}.
     */
    public void requestFunctionsAsWritten(String json, FunctionCall... calls) {
        for (FunctionCall call : calls) {
            requested.put(call.id(), call);
        }
        sendJson(json);
    }

    /** Sends FunctionCallCancelled for {@code calls} (deepgram-agent-v1-additions.md); a late response to them is tolerated. */
    public void cancelFunctions(FunctionCall... calls) {
        JsonArrayBuilder functions = JsonText.JSON.createArrayBuilder();
        for (FunctionCall call : calls) {
            functions.add(JsonText.JSON.createObjectBuilder().add("id", call.id()).add("name", call.name()));
        }
        sendJson(JsonText.JSON.createObjectBuilder().add("type", "FunctionCallCancelled").add("functions", functions).build().toString());
    }

    /** The client's FunctionCallResponse for {@code id}, waiting up to {@code timeout}. */
    public JsonObject awaitFunctionResponse(String id, Duration timeout) {
        return await(responses.computeIfAbsent(id, k -> new CompletableFuture<>()), timeout, "FunctionCallResponse for " + id);
    }

    /**
     * The {@code content} of every valid InjectUserMessage the client sent, in order, refused ones included (see
     * {@link #refuseInjections}).
     */
    public List<String> injectedUserMessages() {
        return List.copyOf(injectedUserMessages);
    }

    /** The InjectUserMessage contents once there are at least {@code count}; fails after {@code timeout}. */
    public List<String> awaitInjectedUserMessages(int count, Duration timeout) {
        awaitCount(injectedUserMessages, count, timeout, "InjectUserMessage");
        return injectedUserMessages();
    }

    /**
     * Every valid InjectAgentMessage the client sent, whole ({@code message}, and {@code behavior} when given), in
     * order. The agent takes them all: it refuses only the default behaviour mid-turn, which no test here needs.
     */
    public List<JsonObject> injectedAgentMessages() {
        return List.copyOf(injectedAgentMessages);
    }

    /** The InjectAgentMessages once there are at least {@code count}; fails after {@code timeout}. */
    public List<JsonObject> awaitInjectedAgentMessages(int count, Duration timeout) {
        awaitCount(injectedAgentMessages, count, timeout, "InjectAgentMessage");
        return injectedAgentMessages();
    }

    /**
     * Answers the next {@code count} InjectUserMessages with {@code {"type":"InjectionRefused","message":...}}, as the
     * agent does when the user or the agent is mid-turn.
     */
    public AgentConnection refuseInjections(int count) {
        injectionsToRefuse.set(count);
        return this;
    }

    /**
     * Whether a taken InjectUserMessage is answered with a {@code ConversationText} of role "user" repeating its
     * content, the way the agent reports what the user said (default true). The reference does not say whether the
     * real agent does this for injected text; with the echo on, a client must be ready for it.
     */
    public AgentConnection echoInjections(boolean echo) {
        echoInjections = echo;
        return this;
    }

    /** Sends {@code {"type":"UserStartedSpeaking"}} (barge-in). */
    public void sendUserStartedSpeaking() {
        sendJson("{\"type\":\"UserStartedSpeaking\"}");
    }

    /** Sends a ConversationText line; {@code role} is "user" or "assistant". */
    public void sendConversationText(String role, String content) {
        sendJson(JsonText.JSON.createObjectBuilder().add("type", "ConversationText").add("role", role).add("content", content)
                .build().toString());
    }

    /** Sends {@code {"type":"AgentAudioDone"}}. */
    public void sendAgentAudioDone() {
        sendJson("{\"type\":\"AgentAudioDone\"}");
    }

    /** Sends a fatal Error, e.g. {@code sendError("CLIENT_MESSAGE_TIMEOUT", "We waited too long ...")}. */
    public void sendError(String code, String description) {
        sendJson(JsonText.JSON.createObjectBuilder().add("type", "Error").add("description", description).add("code", code)
                .build().toString());
    }

    /** Closes the WebSocket with 1000, as the agent does (there is no JSON close message). */
    public void close() {
        session().close(WsCloseCodes.NORMAL_CLOSE, "normal");
    }

    /**
     * Stops reading the socket, as an agent that hung would: the next message the client sends blocks this
     * connection's reader, its receive window fills, and the client's writes block. {@link #resumeReading()} undoes it.
     */
    public void stopReading() {
        reading = new CountDownLatch(1);
    }

    public void resumeReading() {
        reading.countDown();
    }

    /** Drops the TCP connection without a close frame, as a network failure or a crashed agent would. */
    public void dropWithoutClose() {
        session().abort();
    }

    /** Whether the connection has ended, without waiting. */
    public boolean isEnded() {
        return end.isEnded();
    }

    /** True once the connection has ended: the client sent a close frame, or the TCP connection ended. */
    public boolean awaitClosed(Duration timeout) {
        return end.await(timeout);
    }

    /** The code of the client's close frame; -1 if none was received (yet). */
    public int closeCode() {
        return end.closeCode();
    }

    /** Everything the client did that the real agent would reject or that breaks the documented order. */
    public List<String> protocolViolations() {
        return List.copyOf(violations);
    }

    @Override
    public String toString() {
        return "AgentConnection#" + number;
    }

    void upgraded(Map<String, List<String>> headers) {
        upgradeHeaders = Map.copyOf(headers);
    }

    void opened(SerializedSession openedSession) {
        end.opened();
        session = openedSession;
        sendJson(JsonText.JSON.createObjectBuilder().add("type", "Welcome").add("request_id", requestId).build().toString());
    }

    /** Blocks the reader while the agent is told not to read. */
    void awaitReading() {
        try {
            reading.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void closed(int code) {
        end.closeFrame(code);
    }

    void failed(Throwable error) {
        violations.add("connection error: " + error);
        end.failed();
    }

    void pong(byte[] payload) {
        session().pong(payload);
    }

    void onBinary(byte[] bytes) {
        if (!settings.isDone()) {
            violations.add("binary audio (" + bytes.length + " bytes) before Settings (NON_SETTINGS_MESSAGE_BEFORE_SETTINGS)");
        } else if (!settingsAppliedSent.get()) {
            violations.add("binary audio (" + bytes.length + " bytes) before SettingsApplied was sent");
        }
        audio.append(bytes);
    }

    void onText(String text) {
        Optional<JsonObject> parsed = parseObject(text);
        if (parsed.isEmpty()) {
            return;
        }
        JsonObject message = parsed.get();
        receivedJson.add(message);
        if (!(message.get("type") instanceof JsonString typeValue)) {
            violations.add("JSON message without a string 'type': " + JsonText.abbreviate(text));
            return;
        }
        String type = typeValue.getString();
        Optional<JsonObject> schema = DeepgramAgentSpec.clientMessageForType(type);
        if (schema.isEmpty()) {
            violations.add("unknown message type '" + type + "' (the agent answers UNPARSABLE_CLIENT_MESSAGE): " + JsonText.abbreviate(text));
            return;
        }
        if (!settings.isDone() && !type.equals("Settings")) {
            violations.add(type + " before Settings (NON_SETTINGS_MESSAGE_BEFORE_SETTINGS)");
        }
        List<String> schemaViolations = DeepgramSchemaCheck.violations(message, schema.get());
        schemaViolations.forEach(v -> violations.add(type + " violates the spec at " + v));
        handle(type, message, schemaViolations.isEmpty());
    }

    private void handle(String type, JsonObject message, boolean valid) {
        if (INJECTIONS.contains(type) && !settingsAppliedSent.get()) {
            violations.add(type + " before SettingsApplied was sent");
        }
        switch (type) {
            case "Settings" -> onSettings(message, valid);
            case "FunctionCallResponse" -> onFunctionCallResponse(message, valid);
            case "InjectUserMessage" -> onInjectUserMessage(message, valid);
            case "InjectAgentMessage" -> {
                if (valid) {
                    injectedAgentMessages.add(message);
                }
            }
            case "KeepAlive" -> {
                // The agent does not answer KeepAlive.
            }
            default -> {
                String ack = ACKNOWLEDGEMENTS.get(type);
                if (ack != null && valid) {
                    sendJson("{\"type\":\"" + ack + "\"}");
                }
            }
        }
    }

    private void onSettings(JsonObject message, boolean valid) {
        if (!settings.complete(message)) {
            violations.add("second Settings on one connection (SETTINGS_ALREADY_APPLIED)");
            return;
        }
        // An invalid Settings is never applied (the real agent answers with an Error instead).
        if (valid && !holdSettingsApplied.getAsBoolean()) {
            applySettings();
        }
    }

    private void onInjectUserMessage(JsonObject message, boolean valid) {
        if (!valid) {
            return;
        }
        String content = message.getString("content");
        // Answered before it is recorded: a test that saw it recorded knows the answer is on its way first.
        if (injectionsToRefuse.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            sendJson("{\"type\":\"InjectionRefused\",\"message\":\"Cannot inject a message while the agent is "
                    + "speaking.\"}");
        } else if (echoInjections) {
            sendConversationText("user", content);
        }
        injectedUserMessages.add(content);
    }

    private void onFunctionCallResponse(JsonObject message, boolean valid) {
        if (!valid) {
            return;
        }
        if (!(message.get("id") instanceof JsonString idValue)) {
            violations.add("FunctionCallResponse without 'id' (required for client responses): " + message);
            return;
        }
        String id = idValue.getString();
        FunctionCall call = requested.get(id);
        if (call == null) {
            violations.add("FunctionCallResponse for id '" + id + "', which was never requested on this connection");
        } else if (!call.name().equals(message.getString("name"))) {
            violations.add("FunctionCallResponse for id '" + id + "' names '" + message.getString("name")
                    + "' but the request named '" + call.name() + "'");
        }
        if (!answered.add(id)) {
            violations.add("FunctionCallResponse for id '" + id + "' sent more than once");
        }
        String content = message.getString("content");
        if (JsonText.parse(content).isEmpty()) {
            violations.add("FunctionCallResponse for id '" + id + "': content is not JSON: " + JsonText.abbreviate(content));
        }
        responses.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(message);
    }

    private Optional<JsonObject> parseObject(String text) {
        Optional<JsonValue> value = JsonText.parse(text);
        if (value.isEmpty()) {
            violations.add("text frame is not valid JSON: " + JsonText.abbreviate(text));
            return Optional.empty();
        }
        if (value.get().getValueType() != JsonValue.ValueType.OBJECT) {
            violations.add("text frame is not a JSON object: " + JsonText.abbreviate(text));
            return Optional.empty();
        }
        return Optional.of(value.get().asJsonObject());
    }

    private SerializedSession session() {
        SerializedSession current = session;
        if (current == null) {
            throw new IllegalStateException(this + " is not open yet");
        }
        return current;
    }

    private static void awaitCount(List<?> received, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + count + " " + what + " within " + timeout + ", got "
                        + received);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AssertionError("waiting for " + what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}
