package org.pharmacyvoice.it.load.cascade;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server jar in a process of its own ({@code java -jar pharmacy-voice-agent.jar}), configured through its
 * environment as users configure it, optionally pinned to CPUs with {@code taskset}, its console in the run folder.
 */
final class PharmacyServer implements AutoCloseable {

    static final List<String> JVM_FLAGS = List.of("-XX:+UseG1GC", "-Xms256m", "-Xmx1g");

    private final Process process;
    private final int port;

    private PharmacyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server with {@code settings} added to its environment; returns once it answers HTTP. */
    static PharmacyServer start(Path jar, Path runDir, String cpus, Map<String, String> settings) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString()));
        var builder = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("server-console.log").toFile());
        var env = builder.environment();
        env.remove("TWILIO_AUTH_TOKEN");
        env.remove("PUBLIC_URL");
        env.put("PORT", String.valueOf(port));
        env.put("DEEPGRAM_API_KEY", "x");
        env.put("DB_URL", "jdbc:h2:file:" + runDir.resolve("pharmacy").toAbsolutePath());
        env.putAll(settings);
        var server = new PharmacyServer(builder.start(), port);
        server.awaitLive();
        return server;
    }

    private void awaitLive() throws Exception {
        var client = HttpClient.newHttpClient();
        var live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/live")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server stopped at start; see server-console.log");
            }
            try {
                if (client.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not answer within 60 s");
    }

    long pid() {
        return process.pid();
    }

    URI mediaStream() {
        return URI.create("ws://127.0.0.1:" + port + "/media-stream");
    }

    /** SIGTERM (the server drains and stops), then a kill if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
