package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A local stand-in for Deepgram's agent endpoint (Helidon WebServer on 127.0.0.1, port 0): records what each
 * client sends, and lets a test speak for the agent. By default it greets with {@code Welcome} and answers
 * {@code Settings} with {@code SettingsApplied}, like the real service.
 */
final class FakeDeepgram implements AutoCloseable {

    static final String PATH = "/v1/agent/converse";
    static final String WELCOME = "{\"type\":\"Welcome\",\"request_id\":\"fc553ec9-5874-49ca-a47c-b670d525a4b1\"}";
    static final String SETTINGS_APPLIED = "{\"type\":\"SettingsApplied\"}";

    private final WebServer server;
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private volatile boolean welcomeOnOpen = true;
    private volatile boolean applySettings = true;

    private FakeDeepgram() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .addRouting(WsRouting.builder().endpoint(PATH, Peer::new))
                .build()
                .start();
    }

    static FakeDeepgram start() {
        return new FakeDeepgram();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    int port() {
        return server.port();
    }

    /** Whether new connections are greeted with {@code Welcome} as soon as they open. */
    FakeDeepgram welcomeOnOpen(boolean welcome) {
        welcomeOnOpen = welcome;
        return this;
    }

    /** Whether {@code Settings} is answered with {@code SettingsApplied} at once. */
    FakeDeepgram applySettings(boolean apply) {
        applySettings = apply;
        return this;
    }

    /** The next client connection, waiting up to five seconds. */
    Peer awaitPeer() throws InterruptedException {
        Peer peer = peers.poll(5, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("no client connected to the fake Deepgram");
        }
        return peer;
    }

    /** A connection that may or may not come within {@code millis}. */
    Peer pollPeer(long millis) throws InterruptedException {
        return peers.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** What the fake received on one connection. */
    sealed interface Frame {
        record Text(String text) implements Frame {
            JsonObject json() {
                return parse(text);
            }
        }

        record Binary(byte[] bytes) implements Frame {
        }

        record Closed(int status, String reason) implements Frame {
        }

        record Pong(byte[] payload) implements Frame {
        }
    }

    static JsonObject parse(String text) {
        try (var reader = JsonValues.JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** One client connection as the server sees it. */
    final class Peer implements WsListener {
        private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        private final ReentrantLock sendLock = new ReentrantLock();
        private final StringBuilder textFragments = new StringBuilder();
        private final ByteArrayOutputStream binaryFragments = new ByteArrayOutputStream();
        private volatile String authorization;
        private volatile WsSession session;

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
            authorization = headers.first(io.helidon.http.HeaderNames.AUTHORIZATION).orElse(null);
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            peers.add(this);
            if (welcomeOnOpen) {
                sendText(WELCOME);
            }
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            textFragments.append(text);
            if (!last) {
                return;
            }
            String whole = textFragments.toString();
            textFragments.setLength(0);
            received.add(new Frame.Text(whole));
            if (applySettings && whole.contains("\"Settings\"") && "Settings".equals(parse(whole).getString("type"))) {
                sendText(SETTINGS_APPLIED);
            }
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            byte[] bytes = new byte[buffer.available()];
            buffer.read(bytes);
            binaryFragments.writeBytes(bytes);
            if (last) {
                received.add(new Frame.Binary(binaryFragments.toByteArray()));
                binaryFragments.reset();
            }
        }

        @Override
        public void onPong(WsSession session, BufferData buffer) {
            byte[] bytes = new byte[buffer.available()];
            buffer.read(bytes);
            received.add(new Frame.Pong(bytes));
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            received.add(new Frame.Closed(status, reason));
        }

        /** The {@code Authorization} header of the upgrade request, or null. */
        String authorization() {
            return authorization;
        }

        void sendText(String text) {
            sendLock.lock();
            try {
                session.send(text, true);
            } finally {
                sendLock.unlock();
            }
        }

        /** Sends a text message split into fragments, as a server may. */
        void sendFragmented(String... fragments) {
            sendLock.lock();
            try {
                for (int i = 0; i < fragments.length; i++) {
                    session.send(fragments[i], i == fragments.length - 1);
                }
            } finally {
                sendLock.unlock();
            }
        }

        void sendBinary(byte[] bytes) {
            sendLock.lock();
            try {
                session.send(BufferData.create(bytes.clone()), true);
            } finally {
                sendLock.unlock();
            }
        }

        void ping(byte[] payload) {
            sendLock.lock();
            try {
                session.ping(BufferData.create(payload.clone()));
            } finally {
                sendLock.unlock();
            }
        }

        void close(int status, String reason) {
            sendLock.lock();
            try {
                session.close(status, reason);
            } finally {
                sendLock.unlock();
            }
        }

        /** The next frame, waiting up to five seconds. */
        Frame awaitFrame() throws InterruptedException {
            Frame frame = received.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("the fake Deepgram received nothing more");
            }
            return frame;
        }

        /** The next frame within {@code millis}, or null. */
        Frame pollFrame(long millis) throws InterruptedException {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** The next frame, which must be a JSON text message. */
        JsonObject awaitJson() throws InterruptedException {
            Frame frame = awaitFrame();
            assertThat(frame, instanceOf(Frame.Text.class));
            return ((Frame.Text) frame).json();
        }

        /** The next JSON message of the given type, skipping others (keep-alives, audio). */
        JsonObject awaitMessage(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                Frame frame = received.poll(100, TimeUnit.MILLISECONDS);
                if (frame instanceof Frame.Text text && type.equals(text.json().getString("type", null))) {
                    return text.json();
                }
            }
            throw new AssertionError("the fake Deepgram received no " + type);
        }

        /** Waits until the client closed the connection, skipping anything else. */
        Frame.Closed awaitClosed() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                if (received.poll(100, TimeUnit.MILLISECONDS) instanceof Frame.Closed closed) {
                    return closed;
                }
            }
            throw new AssertionError("the client did not close the connection");
        }

        /** Everything received within {@code millis}. */
        List<Frame> drain(long millis) throws InterruptedException {
            List<Frame> frames = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                Frame frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null) {
                    frames.add(frame);
                }
            }
            return frames;
        }
    }
}
