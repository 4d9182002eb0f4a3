package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * The container image as CI builds it from the Dockerfile ({@code .ci/image.sh}), started from its exported file
 * system with its own ENTRYPOINT, user and environment: it must use its AOT cache, answer its health endpoints and
 * its HEALTHCHECK, carry a call through the fake Deepgram agent with the database under its /data volume, and drain
 * on SIGTERM. Skipped with the reason when there is no export (or no root for chroot) unless
 * {@code DEPLOY_TESTS=required}.
 */
class ContainerImageSmokeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern KEYSTORE_ENTRIES = Pattern.compile("Your keystore contains (\\d+) entries");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private ExportedImage image;

    @BeforeEach
    void findTheImage() {
        DeployTools.require(ExportedImage.location().isPresent(),
                "container image not exported: IMAGE_EXPORT must name a folder with rootfs/ and image.json, as"
                        + " .ci/run makes with .ci/image.sh (podman build, podman export)");
        DeployTools.require(DeployTools.runsAsRoot() && DeployTools.onPath("unshare") && DeployTools.onPath("chroot"),
                "starting the exported image needs root, unshare and chroot");
        image = ExportedImage.open(ExportedImage.location().orElseThrow());
    }

    @Test
    void theImageIsConfiguredAsTheReadmeSays() {
        assertThat("runs as a user of its own, numerically so Kubernetes can check runAsNonRoot", image.user(),
                equalTo("10001:10001"));
        assertThat(image.volumes(), equalTo(List.of("/data")));
        assertThat(image.exposedPorts(), equalTo(List.of("8080/tcp")));
        assertThat(image.environment().get("DB_URL"), equalTo("jdbc:h2:file:/data/pharmacy"));
        assertThat("the recommended JVM settings", image.environment().get("JDK_JAVA_OPTIONS"),
                equalTo("-XX:+UseG1GC -Xms256m -Xmx1g"));
        String cache = "/opt/pharmacy-voice-agent/pharmacy-voice-agent.aot";
        assertThat(image.entrypoint(), hasItem("-XX:AOTCache=" + cache));
        assertThat(Files.isRegularFile(image.rootfs().resolve(cache.substring(1))), is(true));
        assertThat(image.healthcheck(), equalTo(List.of("/opt/pharmacy-voice-agent/bin/healthcheck")));
        assertThat("no JDK, no compiler in the image", Files.exists(image.rootfs().resolve("opt/java/bin/javac")),
                is(false));
        System.out.printf("container image: %d MB%n", image.size() / 1_000_000);
    }

    @Test
    void theImagesJavaTrustsThePublicCertificateAuthoritiesForDeepgram() throws IOException {
        var keytool = image.run(List.of("keytool", "-list", "-cacerts", "-storepass", "changeit"), Map.of(),
                work.resolve("keytool.log"), WAIT);

        assertThat(keytool.output(), keytool.exitStatus(), equalTo(0));
        Matcher entries = KEYSTORE_ENTRIES.matcher(keytool.output());
        assertThat(keytool.output(), entries.find(), is(true));
        assertThat(Integer.parseInt(entries.group(1)), greaterThan(80));
    }

    @Test
    void theEntrypointStartsWithItsAotCacheAndCarriesACallThroughTheFakeAgent() throws Exception {
        emptyTheDataVolume();
        int port = freePort();
        try (var agent = FakeDeepgramAgent.start()) {
            long started = System.nanoTime();
            try (var server = image.start(Map.of(
                    "PORT", Integer.toString(port),
                    "DEEPGRAM_API_KEY", "image-smoke-test",
                    "DEEPGRAM_AGENT_URL", agent.url().toString(),
                    "DRAIN_TIMEOUT", "8",
                    // AOTMode=on: the JVM refuses to start rather than run without the image's cache.
                    "JDK_JAVA_OPTIONS", image.environment().get("JDK_JAVA_OPTIONS") + " -XX:AOTMode=on"),
                    work.resolve("server.log"))) {
                HttpResponse<String> health = awaitHealth(server.http("/observe/health"));
                long healthyAfterMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                System.out.printf("container image: /observe/health answered 200 %d ms after the ENTRYPOINT"
                        + " started (AOT cache in use)%n", healthyAfterMillis);

                assertThat(health.body(), containsString("\"product\":\"H2\""));
                assertThat(get(server.http("/observe/health/live")).statusCode(), equalTo(200));
                assertThat(get(server.http("/observe/health/ready")).statusCode(), equalTo(200));
                assertThat("the server runs as the image's user", uidOf(server.process()), equalTo("10001"));
                var healthcheck = image.run(image.healthcheck(), Map.of("PORT", Integer.toString(port)),
                        work.resolve("healthcheck.log"), WAIT);
                assertThat(healthcheck.output(), healthcheck.exitStatus(), equalTo(0));

                carryOneCall(server, agent);
                Path database = image.rootfs().resolve("data/pharmacy.mv.db");
                assertThat("the H2 database lives under the /data volume", Files.isRegularFile(database), is(true));
                assertThat(Files.getAttribute(database, "unix:uid"), equalTo(10001));

                server.process().destroy();
                assertThat(server.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
                assertThat("exit status of a JVM ended by SIGTERM", server.process().exitValue(), equalTo(143));
                String log = server.log();
                assertThat(log, containsString("SIGTERM received: draining calls, then stopping"));
                assertThat(log, containsString("pharmacy voice agent stopped"));
                assertThat("the JVM neither rejected nor complained about the AOT cache", log, not(containsString("[aot")));
            }
            var unhealthy = image.run(image.healthcheck(), Map.of("PORT", Integer.toString(port)),
                    work.resolve("healthcheck-stopped.log"), WAIT);
            assertThat("the HEALTHCHECK fails once the server is gone", unhealthy.exitStatus(), not(equalTo(0)));
        }
    }

    private void carryOneCall(PackagedServer server, FakeDeepgramAgent agent) {
        var random = new Random(17);
        var caller = FakeTwilioCaller.connect(server.streamUrl());
        try {
            caller.startCall(Map.of("From", "+15551234567", "To", "+15550001111"));
            AgentConnection connection = agent.awaitConnection(WAIT);
            assertThat(connection.authorization(), equalTo("Token image-smoke-test"));
            connection.settings();

            byte[] callerAudio = new byte[1600];
            random.nextBytes(callerAudio);
            for (int frame = 0; frame < 10; frame++) {
                caller.sendMedia(java.util.Arrays.copyOfRange(callerAudio, frame * 160, frame * 160 + 160));
            }
            assertThat(connection.awaitAudio(callerAudio.length, WAIT), equalTo(callerAudio));
            byte[] agentAudio = new byte[1600];
            random.nextBytes(agentAudio);
            connection.sendAudio(agentAudio);
            assertThat(caller.awaitAudio(agentAudio.length, WAIT), equalTo(agentAudio));

            var drugInfo = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
            connection.requestFunctions(drugInfo);
            JsonObject answer = json(connection.awaitFunctionResponse(drugInfo.id(), WAIT).getString("content"));
            assertThat(answer.getString("drug"), equalTo("ibuprofen"));

            caller.sendStop();
            assertThat(connection.awaitClosed(WAIT), is(true));
        } finally {
            caller.close();
        }
    }

    private HttpResponse<String> awaitHealth(URI health) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(health);
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/observe/health never answered 200; last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What an earlier run left in the exported image's /data, so every run starts on a new database. */
    private void emptyTheDataVolume() throws IOException {
        Path data = image.rootfs().resolve("data");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).filter(file -> !file.equals(data)).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String uidOf(Process process) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).map(line -> line.split("\\s+")[1]).findFirst().orElse("?");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
