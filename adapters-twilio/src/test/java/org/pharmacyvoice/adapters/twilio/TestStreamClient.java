package org.pharmacyvoice.adapters.twilio;

import io.helidon.common.buffers.BufferData;
import io.helidon.webclient.websocket.WsClient;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare Media Streams client for adapter tests: sends raw frames, collects what the server sends back. */
final class TestStreamClient implements WsListener, AutoCloseable {

    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final CompletableFuture<WsSession> opened = new CompletableFuture<>();
    private WsSession session;

    static TestStreamClient connect(int port, String path) throws Exception {
        return connect(port, path, Map.of());
    }

    /** Connects with extra upgrade headers, e.g. {@code x-twilio-signature}. */
    static TestStreamClient connect(int port, String path, Map<String, String> headers) throws Exception {
        var client = new TestStreamClient();
        var builder = WsClient.builder().baseUri("ws://127.0.0.1:" + port).readTimeout(Duration.ofMinutes(1));
        headers.forEach(builder::addHeader);
        builder.build().connect(path, client);
        client.session = client.opened.get(5, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void onOpen(WsSession s) {
        opened.complete(s);
    }

    @Override
    public void onMessage(WsSession s, String text, boolean last) {
        received.add(text);
    }

    @Override
    public void onClose(WsSession s, int status, String reason) {
        closedWith.complete(status);
    }

    void send(String text) {
        session.send(text, true);
    }

    void sendBinary(byte[] bytes) {
        session.send(BufferData.create(bytes), true);
    }

    String next() throws InterruptedException {
        String message = received.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("the server sent nothing");
        }
        return message;
    }

    @Override
    public void close() {
        try {
            session.close(1000, "bye");
        } catch (IllegalStateException | java.io.UncheckedIOException alreadyClosedByServer) {
            // nothing left to close
        }
    }
}
