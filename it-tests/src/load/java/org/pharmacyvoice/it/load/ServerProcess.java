package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real server, started as users start it ({@code java -jar pharmacy-voice-agent.jar}) in a process of its
 * own, configured through environment variables, with its GC log and console output in the run's folder; or the
 * Node peer ({@code node server.mjs}), configured the same way, to compare against.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final long startedNanos;
    private final int port;
    private final Path gcLog;
    private final List<String> jvmArgs;
    private final boolean peer;

    private ServerProcess(Process process, long startedNanos, int port, Path gcLog, List<String> jvmArgs,
                          boolean peer) {
        this.peer = peer;
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.gcLog = gcLog;
        this.jvmArgs = jvmArgs;
    }

    /**
     * Copies the built jar and its libs/ into {@code into}: other builds may replace application/target while a
     * series runs, and a running JVM must not see its jar change.
     */
    static Path stage(Path projectRoot, Path into) {
        Path target = projectRoot.resolve("application/target");
        Path jar = target.resolve("pharmacy-voice-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with "
                    + "./mvnw -q -pl application -am install -DskipTests");
        }
        try {
            Files.createDirectories(into.resolve("libs"));
            Files.copy(jar, into.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
            try (Stream<Path> libs = Files.list(target.resolve("libs"))) {
                for (Path lib : libs.toList()) {
                    Files.copy(lib, into.resolve("libs").resolve(lib.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into.resolve(jar.getFileName());
    }

    /** Starts the server; the clock for "start-up to first call" starts just before the process does. */
    static ServerProcess start(Path jar, Path runDir, int agentPort, int maxCalls, List<String> jvmArgs,
                               Path database) throws IOException {
        return start(BridgeUnderTest.product(jar), runDir, agentPort, maxCalls, jvmArgs, database);
    }

    /** Starts the product or the Node peer; for the peer, {@code jvmArgs}, the limit and the database don't apply. */
    static ServerProcess start(BridgeUnderTest bridge, Path runDir, int agentPort, int maxCalls,
                               List<String> jvmArgs, Path database) throws IOException {
        int port = freePort();
        Path gcLog = runDir.resolve("server-gc.log");
        List<String> command = new ArrayList<>();
        String cpus = System.getProperty("load.serverCpus", "").trim();
        if (!cpus.isEmpty()) {
            // Pins the server (e.g. to CPU 0 while the generator runs under taskset -c 1): no contention between them.
            command.addAll(List.of("taskset", "-c", cpus));
        }
        if (bridge.peer()) {
            return startPeer(bridge, command, runDir, port, agentPort, gcLog);
        }
        command.add(javaTool("java"));
        command.addAll(jvmArgs);
        command.add("-Xlog:gc:file=" + gcLog);
        command.add("-jar");
        command.add(bridge.program().toString());
        var builder = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("server-console.log").toFile());
        var env = builder.environment();
        env.put("PORT", String.valueOf(port));
        env.put("DEEPGRAM_API_KEY", "x");
        env.put("DEEPGRAM_AGENT_URL", "ws://127.0.0.1:" + agentPort + "/v1/agent/converse");
        env.put("DB_URL", "jdbc:h2:file:" + database.toAbsolutePath());
        env.put("MAX_CONCURRENT_CALLS", String.valueOf(maxCalls));
        env.remove("TWILIO_AUTH_TOKEN");
        env.remove("PUBLIC_URL");
        long started = System.nanoTime();
        Process process = builder.start();
        return new ServerProcess(process, started, port, gcLog, List.copyOf(jvmArgs), false);
    }

    private static ServerProcess startPeer(BridgeUnderTest bridge, List<String> command, Path runDir, int port,
                                           int agentPort, Path gcLog) throws IOException {
        // No JVM, no GC log: an empty one keeps the report's GC columns at zero.
        Files.writeString(gcLog, "");
        command.addAll(List.of("node", bridge.program().toString()));
        var builder = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(runDir.resolve("server-console.log").toFile());
        var env = builder.environment();
        env.put("PORT", String.valueOf(port));
        env.put("DEEPGRAM_API_KEY", "x");
        env.put("DEEPGRAM_AGENT_URL", "ws://127.0.0.1:" + agentPort + "/v1/agent/converse");
        env.put("PUBLIC_URL", "http://127.0.0.1:" + port);
        long started = System.nanoTime();
        Process process = builder.start();
        return new ServerProcess(process, started, port, gcLog, List.of(), true);
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    long startedNanos() {
        return startedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    Path gcLog() {
        return gcLog;
    }

    List<String> jvmArgs() {
        return jvmArgs;
    }

    /** Seconds since the JVM started, on the GC log's clock (near enough: the process starts a few ms later). */
    double uptimeSeconds(long nanos) {
        return (nanos - startedNanos) / 1e9;
    }

    /** Forces a full GC and returns the heap still in use: the live set. */
    long liveHeapKb() {
        if (peer) {
            return 0;
        }
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        long used = 0;
        for (String line : info.split("\n")) {
            // One line per heap (G1) or per generation (Parallel, Serial); not Metaspace or class space.
            if (line.contains("total") && !line.contains("Metaspace") && !line.contains("class space")) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                }
            }
        }
        return used;
    }

    String jcmd(String... arguments) {
        List<String> command = new ArrayList<>(List.of(javaTool("jcmd"), String.valueOf(process.pid())));
        command.addAll(List.of(arguments));
        try {
            Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM (the server drains and stops), then a kill if it takes too long. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String javaTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
