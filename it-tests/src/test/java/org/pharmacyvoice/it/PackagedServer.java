package org.pharmacyvoice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server as operators run it, {@code java -jar application/target/pharmacy-voice-agent.jar} configured
 * by environment variables, for tests that signal or kill the process itself.
 */
final class PackagedServer implements AutoCloseable {

    static final Path JAR = Path.of("..", "application", "target", "pharmacy-voice-agent.jar");

    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path logFile;
    private final int port;

    private PackagedServer(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    /** Whether the jar is there to start; tests skip with a message when it is not. */
    static boolean isBuilt() {
        return Files.isRegularFile(JAR);
    }

    /**
     * Starts the jar with {@code jvmOptions} and the environment variables {@code environment}, its output going to
     * {@code logFile}, and waits until it logs its port.
     */
    static PackagedServer start(Map<String, String> environment, Path logFile, List<String> jvmOptions) {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        return start(command, environment, logFile);
    }

    /**
     * Starts the server with {@code command} however it is launched (a container image's entrypoint under chroot,
     * say), the environment variables {@code environment} added, and waits until it logs its port.
     */
    static PackagedServer start(List<String> command, Map<String, String> environment, Path logFile) {
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            return new PackagedServer(process, logFile, awaitPort(process, logFile));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    URI streamUrl() {
        return URI.create("ws://127.0.0.1:" + port + "/media-stream");
    }

    /** Everything the server logged so far. */
    String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL on Linux: no shutdown hook, no drain, no closing of the database. Waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the server did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server to die", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int awaitPort(Process process, Path logFile) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try {
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (Files.exists(logFile)) {
                    Matcher listening = LISTENING.matcher(Files.readString(logFile));
                    if (listening.find()) {
                        return Integer.parseInt(listening.group(1));
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the server did not start: "
                    + (Files.exists(logFile) ? Files.readString(logFile) : ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server to start", e);
        }
    }
}
