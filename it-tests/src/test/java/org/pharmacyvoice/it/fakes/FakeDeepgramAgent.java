package org.pharmacyvoice.it.fakes;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;

/** A local stand-in for wss://agent.deepgram.com/v1/agent/converse that follows the Voice Agent v1 protocol and reports every client mistake. */
public final class FakeDeepgramAgent implements AutoCloseable {

    /** The agent endpoint's path, as on Deepgram. */
    public static final String PATH = "/v1/agent/converse";

    private final BlockingQueue<AgentConnection> unclaimed = new LinkedBlockingQueue<>();
    private final List<AgentConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private volatile boolean holdSettingsApplied;
    private final WebServer server;

    private FakeDeepgramAgent() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .addRouting(WsRouting.builder().endpoint(PATH, this::newEndpoint))
                .build()
                .start();
    }

    /** Starts the fake on a free loopback port. */
    public static FakeDeepgramAgent start() {
        return new FakeDeepgramAgent();
    }

    /** {@code ws://127.0.0.1:PORT/v1/agent/converse}. */
    public URI url() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    /**
     * When true, a valid Settings is not answered until {@link AgentConnection#applySettings()} is called
     * (read when the Settings arrives). Default false: SettingsApplied is sent at once.
     */
    public FakeDeepgramAgent holdSettingsApplied(boolean hold) {
        holdSettingsApplied = hold;
        return this;
    }

    /** The next connection opened by the client under test that no earlier call returned; fails after {@code timeout}. */
    public AgentConnection awaitConnection(Duration timeout) {
        try {
            AgentConnection connection = unclaimed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (connection == null) {
                throw new AssertionError("no connection to the fake Deepgram agent within " + timeout
                        + " (connections so far: " + connectionCount() + ")");
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a connection", e);
        }
    }

    /** How many WebSocket connections have been opened so far. */
    public int connectionCount() {
        return connections.size();
    }

    /** Every connection opened so far, in order. */
    public List<AgentConnection> connections() {
        return List.copyOf(connections);
    }

    /** The protocol violations of all connections, each prefixed with its connection. */
    public List<String> protocolViolations() {
        return connections.stream()
                .flatMap(c -> c.protocolViolations().stream().map(v -> c + ": " + v))
                .toList();
    }

    /** Stops the server; Helidon 4.2.0 ends open connections with close 1000 "Idle timeout" (observed). */
    @Override
    public void close() {
        server.stop();
    }

    private AgentEndpoint newEndpoint() {
        AgentConnection connection = new AgentConnection(created.incrementAndGet(), () -> holdSettingsApplied);
        return new AgentEndpoint(connection, opened -> {
            connections.add(opened);
            unclaimed.add(opened);
        });
    }
}
