package org.pharmacyvoice.adapters.deepgram;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A local stand-in for Deepgram's {@code /v1/listen} and {@code /v1/speak} sockets (Helidon WebServer on 127.0.0.1,
 * port 0): records what each client sends, and lets a test answer for the service, or stop reading, or drop the
 * connection.
 */
final class FakeSpeechService implements AutoCloseable {

    static final String LISTEN = "/v1/listen";
    static final String SPEAK = "/v1/speak";

    private final WebServer server;
    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private volatile boolean refusing;

    private FakeSpeechService() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                // A refused upgrade falls through to these routes (helidon-4.2-notes.md §2.4).
                .routing(http -> http
                        .get(LISTEN, (req, res) -> res.status(Status.SERVICE_UNAVAILABLE_503).send())
                        .get(SPEAK, (req, res) -> res.status(Status.SERVICE_UNAVAILABLE_503).send()))
                .addRouting(WsRouting.builder()
                        .endpoint(LISTEN, () -> new Peer(LISTEN))
                        .endpoint(SPEAK, () -> new Peer(SPEAK)))
                .build()
                .start();
    }

    static FakeSpeechService start() {
        return new FakeSpeechService();
    }

    URI listenUrl() {
        return URI.create("ws://127.0.0.1:" + server.port() + LISTEN);
    }

    URI speakUrl() {
        return URI.create("ws://127.0.0.1:" + server.port() + SPEAK);
    }

    /** Whether upgrades are refused (503), as a service in trouble does. */
    void refuse(boolean refuse) {
        refusing = refuse;
    }

    Peer awaitPeer() throws InterruptedException {
        Peer peer = peers.poll(5, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("no client connected to the fake speech service");
        }
        return peer;
    }

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
                return FakeDeepgram.parse(text);
            }

            String type() {
                return json().getString("type", "");
            }
        }

        record Binary(byte[] bytes) implements Frame {
        }

        record Closed(int status) implements Frame {
        }
    }

    /** One client connection as the server sees it. */
    final class Peer implements WsListener {
        private final String path;
        private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
        private final ReentrantLock sendLock = new ReentrantLock();
        private final StringBuilder textFragments = new StringBuilder();
        private final ByteArrayOutputStream binaryFragments = new ByteArrayOutputStream();
        private volatile CountDownLatch reading = new CountDownLatch(0);
        private volatile String authorization;
        private volatile String query;
        private volatile WsSession session;

        Peer(String path) {
            this.path = path;
        }

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            if (refusing) {
                throw new WsUpgradeException("refusing");
            }
            authorization = headers.first(HeaderNames.AUTHORIZATION).orElse(null);
            query = prologue.query().rawValue();
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            peers.add(this);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            awaitReading();
            textFragments.append(text);
            if (last) {
                received.add(new Frame.Text(textFragments.toString()));
                textFragments.setLength(0);
            }
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            awaitReading();
            byte[] bytes = new byte[buffer.available()];
            buffer.read(bytes);
            binaryFragments.writeBytes(bytes);
            if (last) {
                received.add(new Frame.Binary(binaryFragments.toByteArray()));
                binaryFragments.reset();
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            received.add(new Frame.Closed(status));
        }

        String path() {
            return path;
        }

        String authorization() {
            return authorization;
        }

        /** The raw query of the upgrade request. */
        String query() {
            return query;
        }

        void sendText(String text) {
            sendLock.lock();
            try {
                session.send(text, true);
            } finally {
                sendLock.unlock();
            }
        }

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

        void close(int status, String reason) {
            sendLock.lock();
            try {
                session.close(status, reason);
            } finally {
                sendLock.unlock();
            }
        }

        /** Drops the TCP connection without a close frame. */
        void drop() {
            if (session.socketContext() instanceof ConnectionContext connection) {
                connection.serverSocket().close();
            }
        }

        /** Stops reading: the next message blocks this connection's reader, and the client's writes back up. */
        void stopReading() {
            reading = new CountDownLatch(1);
        }

        void resumeReading() {
            reading.countDown();
        }

        private void awaitReading() {
            try {
                reading.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Frame awaitFrame() throws InterruptedException {
            Frame frame = received.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("the fake speech service received nothing more");
            }
            return frame;
        }

        /** The next text message of {@code type}, skipping everything else. */
        Frame.Text awaitText(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                Frame frame = received.poll(100, TimeUnit.MILLISECONDS);
                if (frame instanceof Frame.Text text && type.equals(text.type())) {
                    return text;
                }
            }
            throw new AssertionError("the fake speech service received no " + type);
        }

        Frame.Closed awaitClosed() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                if (received.poll(100, TimeUnit.MILLISECONDS) instanceof Frame.Closed closed) {
                    return closed;
                }
            }
            throw new AssertionError("the client did not close the connection");
        }

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
