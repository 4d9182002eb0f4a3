package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/** The packaged server as operators run it: {@code java -jar}, then SIGTERM while a call is in progress. */
class SigtermTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void sigtermDrainsTheCallInProgressThenExits() throws Exception {
        Assumptions.assumeTrue(PackagedServer.isBuilt(),
                "skipped: " + PackagedServer.JAR + " is not built (run ./mvnw verify)");
        try (var agent = FakeDeepgramAgent.start();
             var server = PackagedServer.start(Map.of(
                     "PORT", "0",
                     "DEEPGRAM_API_KEY", "sigterm-test",
                     "DEEPGRAM_AGENT_URL", agent.url().toString(),
                     "DB_URL", "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath(),
                     "DRAIN_TIMEOUT", "8"), dataDir.resolve("server.log"), List.of())) {
            var caller = FakeTwilioCaller.connect(server.streamUrl());
            caller.startCall(Map.of("From", "+15551234567"));
            AgentConnection connection = agent.awaitConnection(WAIT);
            connection.settings();

            long signalled = System.nanoTime();
            server.process().destroy();
            Thread.sleep(300);
            assertThat("the call goes on while draining", server.process().isAlive(), is(true));
            caller.sendStop();
            boolean exited = server.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(exited, is(true));
            String log = server.log();
            assertThat("exit status of a JVM ended by SIGTERM", server.process().exitValue(), equalTo(143));
            assertThat("stopped when the last call ended, not at the drain timeout",
                    Duration.ofNanos(System.nanoTime() - signalled).toMillis(), lessThan(6_000L));
            assertThat(connection.awaitClosed(WAIT), is(true));
            assertThat(log, containsString("SIGTERM received: draining calls, then stopping"));
            assertThat(log, containsString("draining: no new calls; waiting up to 8 s for 1 calls in progress"));
            assertThat(log, containsString("pharmacy voice agent stopped"));
            caller.close();
        }
    }
}
