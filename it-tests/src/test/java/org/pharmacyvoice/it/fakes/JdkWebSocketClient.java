package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A minimal WebSocket client on the JDK's own implementation, so the fake Deepgram agent is tested against a
 * peer that shares no code with Helidon.
 */
final class JdkWebSocketClient implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket socket;

    static JdkWebSocketClient connect(URI uri, Map<String, String> headers) {
        JdkWebSocketClient client = new JdkWebSocketClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    String nextText() {
        return poll(texts, Duration.ofSeconds(5), "text message");
    }

    JsonObject nextJson() {
        try (JsonReader reader = Json.createReader(new StringReader(nextText()))) {
            return reader.readObject();
        }
    }

    /** The next text message, or null if none arrives within {@code wait}. */
    String pollText(Duration wait) throws InterruptedException {
        return texts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    byte[] nextBinary() {
        return poll(binaries, Duration.ofSeconds(5), "binary message");
    }

    byte[] nextPong() {
        return poll(pongs, Duration.ofSeconds(5), "pong");
    }

    void sendText(String message) {
        socket.sendText(message, true).join();
    }

    void sendTextFragment(String fragment, boolean last) {
        socket.sendText(fragment, last).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    void sendPing(byte[] payload) {
        socket.sendPing(ByteBuffer.wrap(payload)).join();
    }

    /** Ping and wait for the pong: the server has then processed every frame sent before. */
    void roundTrip() {
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        sendPing(token);
        byte[] pong = nextPong();
        if (!Arrays.equals(token, pong)) {
            throw new AssertionError("pong does not echo the ping payload");
        }
    }

    /** Drops the TCP connection without a close frame. */
    void abort() {
        socket.abort();
    }

    /** The close code the server sent, waiting up to 5 s. */
    int awaitCloseCode() {
        return closed.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            texts.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            binaries.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        pongs.add(bytes);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    private static <T> T poll(BlockingQueue<T> queue, Duration timeout, String what) {
        try {
            T item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
