package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/** The packaged server as operators run it: {@code java -jar}, then SIGTERM while a call is in progress. */
class SigtermTest {

    private static final Path JAR = Path.of("..", "application", "target", "pharmacy-voice-agent.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void sigtermDrainsTheCallInProgressThenExits() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "skipped: " + JAR + " is not built (run ./mvnw verify)");
        try (var agent = FakeDeepgramAgent.start()) {
            var command = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                    JAR.toAbsolutePath().toString());
            command.environment().putAll(Map.of(
                    "PORT", "0",
                    "DEEPGRAM_API_KEY", "sigterm-test",
                    "DEEPGRAM_AGENT_URL", agent.url().toString(),
                    "DB_URL", "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath(),
                    "DRAIN_TIMEOUT", "8"));
            Path logFile = dataDir.resolve("server.log");
            command.redirectErrorStream(true).redirectOutput(logFile.toFile());
            Process server = command.start();
            try {
                int serverPort = awaitPort(server, logFile);
                var caller = FakeTwilioCaller.connect(URI.create("ws://127.0.0.1:" + serverPort + "/media-stream"));
                caller.startCall(Map.of("From", "+15551234567"));
                AgentConnection connection = agent.awaitConnection(WAIT);
                connection.settings();

                long signalled = System.nanoTime();
                server.destroy();
                Thread.sleep(300);
                assertThat("the call goes on while draining", server.isAlive(), is(true));
                caller.sendStop();
                boolean exited = server.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(exited, is(true));
                String log = Files.readString(logFile);
                assertThat("exit status of a JVM ended by SIGTERM", server.exitValue(), equalTo(143));
                assertThat("stopped when the last call ended, not at the drain timeout",
                        Duration.ofNanos(System.nanoTime() - signalled).toMillis(), lessThan(6_000L));
                assertThat(connection.awaitClosed(WAIT), is(true));
                assertThat(log, containsString("SIGTERM received: draining calls, then stopping"));
                assertThat(log, containsString("draining: no new calls; waiting up to 8 s for 1 calls in progress"));
                assertThat(log, containsString("pharmacy voice agent stopped"));
                caller.close();
            } finally {
                server.destroyForcibly();
            }
        }
    }

    private static int awaitPort(Process server, Path logFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.isAlive()) {
            if (Files.exists(logFile)) {
                Matcher listening = LISTENING.matcher(Files.readString(logFile));
                if (listening.find()) {
                    return Integer.parseInt(listening.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start: " + (Files.exists(logFile) ? Files.readString(logFile) : ""));
    }
}
