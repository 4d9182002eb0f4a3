package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.app.caller.CallSummary;
import org.pharmacyvoice.app.caller.CallerOptions;
import org.pharmacyvoice.app.caller.SimulatedCaller;
import org.pharmacyvoice.it.fakes.AgentConnection;

/**
 * The staff pages and APIs share the server with Twilio's webhook and media stream, which face the internet; orders
 * and call records (what callers said) must not. Checked over HTTP against the real server in each of its modes.
 */
class StaffAccessTest {

    private static final String STAFF_TOKEN = "staff-token-4b1d9e";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> STAFF_PATHS = List.of("/api/drugs", "/api/orders", "/api/calls",
            "/dashboard", "/");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withAStaffTokenEveryStaffPathAsksForItAndTakesItAsBearerOrBasicPassword(@TempDir Path dir)
            throws Exception {
        try (var pharmacy = RunningPharmacy.start(dir, Map.of("staff.token", STAFF_TOKEN))) {
            for (String path : STAFF_PATHS) {
                HttpResponse<String> anonymous = get(pharmacy.http(path), Map.of());
                assertThat(path, anonymous.statusCode(), equalTo(401));
                assertThat(path, anonymous.headers().firstValue("WWW-Authenticate").orElse(""),
                        startsWith("Basic realm=\"Pharmacy staff\""));
                assertThat(path, anonymous.body(), containsString("\"error\":\"unauthorized\""));
                assertThat(path, anonymous.headers().firstValue("Content-Type").orElse(""),
                        startsWith("application/json"));
                assertThat(path, anonymous.headers().firstValue("Cache-Control").orElse(""), equalTo("no-store"));
                assertThat(path, anonymous.body(), containsString("STAFF_TOKEN"));

                assertThat(path, get(pharmacy.http(path), bearer(STAFF_TOKEN)).statusCode(), equalTo(200));
                assertThat(path, get(pharmacy.http(path), basic("anyone", STAFF_TOKEN)).statusCode(), equalTo(200));
                assertThat(path, get(pharmacy.http(path), bearer("staff-token-4b1d9")).statusCode(), equalTo(401));
                assertThat(path, get(pharmacy.http(path), basic(STAFF_TOKEN, "wrong")).statusCode(), equalTo(401));
                assertThat(path, get(pharmacy.http(path), Map.of("Authorization", "Basic !!!")).statusCode(),
                        equalTo(401));
            }
            for (String disguised : List.of("//api/orders", "/api//calls", "/web/../api/calls", "/./api/calls",
                    "/%61pi/calls", "/api/calls;x=1", "//dashboard")) {
                assertThat(disguised, get(pharmacy.http(disguised), Map.of()).statusCode(), equalTo(401));
            }
            assertThat(get(pharmacy.http("/api/drugs?query=advil"), bearer(STAFF_TOKEN)).body(),
                    containsString("Advil"));
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(pharmacy.http("/softphone/session"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode(), equalTo(401));
            assertThat(pharmacy.agent.connectionCount(), equalTo(0));
            assertTwilioAndHealthStayOpen(pharmacy);
        }
    }

    @Test
    void aServerFacingTwilioWithoutAStaffTokenKeepsItsStaffPathsClosedToEveryone(@TempDir Path dir)
            throws Exception {
        try (var pharmacy = RunningPharmacy.start(dir, Map.of("public.url", "https://pharmacy.example.test"))) {
            for (String path : STAFF_PATHS) {
                HttpResponse<String> response = get(pharmacy.http(path), bearer("anything"));
                assertThat(path, response.statusCode(), equalTo(403));
                assertThat(path, response.body(), containsString("STAFF_TOKEN is set"));
            }
            assertTwilioAndHealthStayOpen(pharmacy);
        }
    }

    @Test
    void aDevelopmentServerAnswersStaffRequestsFromThisMachineOnlyAndNotThroughAProxy(@TempDir Path dir)
            throws Exception {
        try (var pharmacy = RunningPharmacy.start(dir, Map.of())) {
            assertThat(get(pharmacy.http("/api/orders"), Map.of()).statusCode(), equalTo(200));
            HttpResponse<String> proxied = get(pharmacy.http("/api/calls"), Map.of("X-Forwarded-For", "203.0.113.9"));
            assertThat(proxied.statusCode(), equalTo(403));
            assertThat(proxied.body(), containsString("Set STAFF_TOKEN to use them from elsewhere"));
            assertThat(get(pharmacy.http("/api/calls"), Map.of("Forwarded", "for=203.0.113.9")).statusCode(),
                    equalTo(403));

            Optional<InetAddress> lan = nonLoopbackAddress();
            assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to call the server from");
            URI fromLan = URI.create("http://" + lan.get().getHostAddress() + ":" + pharmacy.server.port());
            assertThat(get(fromLan.resolve("/api/orders"), Map.of()).statusCode(), equalTo(403));
            assertThat(get(fromLan.resolve("/observe/health/live"), Map.of()).statusCode(), equalTo(200));
        }
    }

    @Test
    void theSimulatedCallerSignsInWithTheStaffToken(@TempDir Path dir) throws Exception {
        try (var pharmacy = RunningPharmacy.start(dir, Map.of("staff.token", STAFF_TOKEN))) {
            Path saved = Files.createDirectories(dir.resolve("caller")).resolve("agent.wav");
            List<String> output = new CopyOnWriteArrayList<>();
            var options = new CallerOptions(pharmacy.http("/"), List.of(), saved, Optional.empty(),
                    Duration.ofSeconds(10), Duration.ofMillis(600), Duration.ofSeconds(30), Optional.empty())
                    .withStaffToken(Optional.of(STAFF_TOKEN));

            CompletableFuture<CallSummary> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return SimulatedCaller.call(options, output::add);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            agent.sendConversationText("assistant", "Hello from behind the staff door.");
            agent.sendAudio(new byte[1600]);
            CallSummary summary = call.get(30, TimeUnit.SECONDS);

            assertThat(summary.agentAudioPlayed(), equalTo(1600L));
            assertThat(summary.endReason(), equalTo(Optional.of("caller_hung_up")));
            assertThat("the transcript came from /api/calls, which needs the token", output,
                    hasItem("agent:  Hello from behind the staff door."));
        }
    }

    private void assertTwilioAndHealthStayOpen(RunningPharmacy pharmacy) throws Exception {
        assertThat(get(pharmacy.http("/observe/health/live"), Map.of()).statusCode(), equalTo(200));
        assertThat(get(pharmacy.http("/observe/metrics"), Map.of()).statusCode(), equalTo(200));
        HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(pharmacy.http("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "CallSid=CA0123456789abcdef0123456789abcdef&From=%2B15551234567"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat("Twilio's webhook is not a staff page", webhook.statusCode(), equalTo(200));
        assertThat(webhook.body(), containsString("<Connect action=\"/after-stream\""));
    }

    private HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(uri).timeout(WAIT);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                        .forEach(found::add);
            }
        }
        return found.stream().findFirst();
    }
}
