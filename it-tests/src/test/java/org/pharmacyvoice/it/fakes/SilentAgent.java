package org.pharmacyvoice.it.fakes;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A voice agent endpoint that never gets ready, in one of two ways seen in the wild: it accepts the TCP connection
 * and never answers the WebSocket upgrade (a hung proxy or server), or it completes the upgrade and then says
 * nothing at all (not even Welcome).
 */
public final class SilentAgent implements AutoCloseable {

    private final Stopper server;

    /** Stops what the fake runs; an I/O error while closing sockets is all it can throw. */
    @FunctionalInterface
    private interface Stopper {
        void stop() throws IOException;
    }
    private final URI url;
    private final AtomicInteger connections;

    private SilentAgent(Stopper server, URI url, AtomicInteger connections) {
        this.server = server;
        this.url = url;
        this.connections = connections;
    }

    /** Accepts TCP connections, reads what the client sends and never answers. */
    public static SilentAgent neverUpgrading() {
        try {
            var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var held = new CopyOnWriteArrayList<Socket>();
            var connections = new AtomicInteger();
            Thread.ofPlatform().daemon().name("silent-agent-accept")
                    .start(() -> acceptAndHold(listener, held, connections));
            return new SilentAgent(() -> {
                listener.close();
                for (Socket socket : held) {
                    socket.close();
                }
            }, URI.create("ws://127.0.0.1:" + listener.getLocalPort() + FakeDeepgramAgent.PATH), connections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes the WebSocket upgrade, then sends nothing. */
    public static SilentAgent mute() {
        var connections = new AtomicInteger();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .addRouting(WsRouting.builder().endpoint(FakeDeepgramAgent.PATH, () -> {
                    connections.incrementAndGet();
                    return new WsListener() {
                    };
                }))
                .build()
                .start();
        return new SilentAgent(server::stop, URI.create("ws://127.0.0.1:" + server.port() + FakeDeepgramAgent.PATH),
                connections);
    }

    public URI url() {
        return url;
    }

    /** Connections (or upgrades) received so far. */
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    private static void acceptAndHold(ServerSocket listener, List<Socket> held, AtomicInteger connections) {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                connections.incrementAndGet();
                held.add(socket);
                Thread.ofVirtual().start(() -> drain(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void drain(Socket socket) {
        byte[] sink = new byte[4096];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(sink) >= 0) {
                // read and ignore, so the client's writes never block
            }
        } catch (IOException closed) {
            // the client or the test closed it
        }
    }
}
