package org.pharmacyvoice.it.fakes;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/** A hand-driven Helidon stream endpoint that plays "our server" so FakeTwilioCaller can be tested on a real socket. */
final class ScriptedStreamServer implements AutoCloseable {

    static final String PATH = "/twilio/media";

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<SerializedSession> session = new CompletableFuture<>();
    private final CompletableFuture<Map<String, List<String>>> upgradeHeaders = new CompletableFuture<>();
    private final WebServer server;

    ScriptedStreamServer() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .addRouting(WsRouting.builder().endpoint(PATH, new Listener()))
                .build()
                .start();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    String nextText() {
        try {
            String text = texts.poll(5, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("the stream endpoint received no text frame within 5 s");
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Optional<String> upgradeHeader(String name) {
        return upgradeHeaders.join().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }

    void send(String text) {
        session().sendText(text);
    }

    void sendBinary(byte[] bytes) {
        session().sendBinary(bytes);
    }

    void closeSocket(int code) {
        session().close(code, "done");
    }

    byte[] pingAndAwaitPong(byte[] payload) throws InterruptedException {
        SerializedSession s = session();
        s.ping(payload);
        byte[] pong = pongs.poll(5, TimeUnit.SECONDS);
        if (pong == null) {
            throw new AssertionError("no pong within 5 s");
        }
        return pong;
    }

    /** Stops the server: connections are dropped without a close frame. */
    @Override
    public void close() {
        server.stop();
    }

    private SerializedSession session() {
        return session.orTimeout(5, TimeUnit.SECONDS).join();
    }

    private final class Listener implements WsListener {
        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
            upgradeHeaders.complete(UpgradeHeaders.of(headers));
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession opened) {
            session.complete(new SerializedSession(opened));
        }

        @Override
        public void onMessage(WsSession ignored, String text, boolean last) {
            texts.add(text);
        }

        @Override
        public void onPong(WsSession ignored, BufferData buffer) {
            pongs.add(FrameAssembler.copy(buffer));
        }
    }
}
