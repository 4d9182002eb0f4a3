package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.SilentAgent;

/**
 * A voice agent in trouble, seen from the caller: no dead air while it cannot get ready (the fallback within the
 * start timeout, and at once while calls in a row get none), and a call that survives as many lost connections as
 * AGENT_RECONNECTS promises, each lost with or without a close frame and each replaced by exactly one new one.
 */
class AgentTroubleTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final byte[] FRAME = new byte[160];

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void anAgentThatNeverAnswersTheUpgradeSendsTheCallerToTheFallbackWithinEightSeconds() throws Exception {
        try (var silent = SilentAgent.neverUpgrading();
             var pharmacy = RunningPharmacy.start(dataDir, Map.of("deepgram.agent.url", silent.url().toString()))) {
            long started = System.nanoTime();
            var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
            caller.startCall(Map.of("From", "+15551230010"));
            Thread talking = talk(caller);

            assertThat(caller.awaitClosed(WAIT), is(true));
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            talking.interrupt();

            assertThat("the default start timeout, 8 s, not attempts times the connect timeout: " + waited + " ms",
                    waited, lessThan(9_000L));
            assertThat(waited, greaterThanOrEqualTo(7_900L));
            assertThat(pharmacy.endedCall(caller.callSid(), WAIT).getString("end_reason"),
                    equalTo("AGENT_UNAVAILABLE"));
            assertThat("more than one attempt fits in the window", silent.connectionCount(), greaterThanOrEqualTo(2));
            RunningPharmacy.awaitThat(() -> pharmacy.server.activeCalls() == 0, WAIT);
        }
    }

    @Test
    void anAgentThatUpgradesButSaysNothingOrOnlyWelcomeSendsTheCallerToTheFallbackInTime() throws Exception {
        try (var mute = SilentAgent.mute();
             var pharmacy = RunningPharmacy.start(dataDir, Map.of("deepgram.agent.url", mute.url().toString(),
                     "agent.start.timeout", "2", "agent.circuit.threshold", "10"))) {
            assertFallbackWithin(pharmacy, Duration.ofSeconds(2));
            assertThat(mute.connectionCount(), greaterThanOrEqualTo(1));
        }
        try (var pharmacy = RunningPharmacy.start(dataDir.resolve("welcome-only"), Map.of(
                "agent.start.timeout", "2", "agent.circuit.threshold", "10"))) {
            pharmacy.agent.holdSettingsApplied(true);
            assertFallbackWithin(pharmacy, Duration.ofSeconds(2));
        }
    }

    @Test
    void whileCallsInARowGetNoAgentNewCallersGoStraightToTheFallbackUntilAProbeReachesTheAgent() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("agent.start.timeout", "1",
                "agent.reconnects", "0", "agent.circuit.threshold", "2", "agent.circuit.probe.interval", "0.5",
                "pharmacist.number", "+15557654321"));
             var log = new CapturedLog("org.pharmacyvoice")) {
            pharmacy.agent.holdSettingsApplied(true);
            PrometheusScrape before = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
            assertThat(incomingCall(pharmacy), containsString("<Connect action=\"/after-stream\""));
            for (int n = 0; n < 2; n++) {
                var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
                caller.startCall(Map.of("From", "+1555123002" + n));
                pharmacy.agent.awaitConnection(WAIT).settings();
                assertThat(caller.awaitClosed(WAIT), is(true));
            }

            long asked = System.nanoTime();
            String twiml = incomingCall(pharmacy);
            long answeredInMillis = Duration.ofNanos(System.nanoTime() - asked).toMillis();
            assertThat("no stream, no waiting: the fallback at once", twiml, not(containsString("<Connect")));
            assertThat(twiml, containsString("<Dial>+15557654321</Dial>"));
            assertThat(answeredInMillis, lessThan(1_000L));
            JsonObject readiness = json(pharmacy, "/observe/health/ready");
            JsonObject agentCheck = check(readiness, "voice-agent");
            assertThat(agentCheck.getJsonObject("data").getString("circuit"), equalTo("open"));
            assertThat(agentCheck.getJsonObject("data").getInt("calls_without_agent_in_a_row"), equalTo(2));
            var late = FakeTwilioCaller.connect(pharmacy.streamUrl());
            late.startCall(Map.of("From", "+15551230029"));
            assertThat("a stream that comes anyway is handed to the fallback at once", late.awaitClosed(
                    Duration.ofMillis(500)), is(true));
            PrometheusScrape during = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
            assertThat(during.since(before, "pharmacy_calls_turned_away_total", "reason", "agent_down"),
                    equalTo(1.0));
            assertThat(during.since(before, "pharmacy_agent_circuit_opened_total"), equalTo(1.0));
            assertThat(during.value("pharmacy_agent_circuit_open"), equalTo(1.0));
            Thread.sleep(1_500);
            assertThat("probes keep failing quietly", count(log, "circuit OPEN"), equalTo(1L));

            pharmacy.agent.holdSettingsApplied(false);
            RunningPharmacy.awaitThat(() -> incomingCall(pharmacy).contains("<Connect action="), WAIT);
            assertThat(count(log, "circuit CLOSED"), equalTo(1L));
            assertThat(check(json(pharmacy, "/observe/health/ready"), "voice-agent").getJsonObject("data")
                    .getString("circuit"), equalTo("closed"));
            assertThat(PrometheusScrape.of(pharmacy.http("/observe/metrics")).value("pharmacy_agent_circuit_open"),
                    equalTo(0.0));
            var served = FakeTwilioCaller.connect(pharmacy.streamUrl());
            served.startCall(Map.of("From", "+15551230030"));
            AgentConnection connection = awaitCallersConnection(pharmacy, "+15551230030");
            connection.settings();
            served.sendStop();
            assertThat(connection.awaitClosed(WAIT), is(true));
        }
    }

    @Test
    void aCallSurvivesAsManyLostAgentConnectionsAsItMayReopenEachLostWithOrWithoutACloseFrame() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("agent.reconnects", "3",
                "agent.reconnect.backoff", "0.05"))) {
            PrometheusScrape before = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
            var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
            caller.startCall(Map.of("From", "+15551230040"));
            Thread talking = talk(caller);
            AgentConnection connection = pharmacy.agent.awaitConnection(WAIT);
            connection.settings();
            connection.awaitAudio(1_600, WAIT);

            String[] ways = {"dropped", "closed", "dropped"};
            for (int loss = 0; loss < ways.length; loss++) {
                if (ways[loss].equals("dropped")) {
                    connection.dropWithoutClose();
                } else {
                    connection.close();
                }
                AgentConnection next = pharmacy.agent.awaitConnection(WAIT);
                next.settings();
                next.awaitAudio(1_600, WAIT);
                Thread.sleep(300);
                assertThat("one new connection for the " + ways[loss] + " one", pharmacy.agent.connectionCount(),
                        equalTo(loss + 2));
                assertThat("still on the line after loss " + (loss + 1), caller.awaitClosed(Duration.ZERO), is(false));
                connection = next;
            }
            connection.dropWithoutClose();

            assertThat("a fourth loss is beyond the promise: the call goes to the fallback", caller.awaitClosed(WAIT),
                    is(true));
            talking.interrupt();
            assertThat(pharmacy.endedCall(caller.callSid(), WAIT).getString("end_reason"),
                    equalTo("AGENT_DISCONNECTED"));
            assertThat(pharmacy.agent.connectionCount(), equalTo(4));
            assertThat(PrometheusScrape.of(pharmacy.http("/observe/metrics"))
                    .since(before, "pharmacy_agent_reconnects_total"), equalTo(3.0));
        }
    }

    private void assertFallbackWithin(RunningPharmacy pharmacy, Duration timeout) throws Exception {
        long started = System.nanoTime();
        var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        caller.startCall(Map.of("From", "+15551230011"));
        Thread talking = talk(caller);
        assertThat(caller.awaitClosed(WAIT), is(true));
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        talking.interrupt();
        assertThat(waited, greaterThanOrEqualTo(timeout.toMillis() - 100));
        assertThat(waited, lessThan(timeout.toMillis() + 1_000));
        assertThat(pharmacy.endedCall(caller.callSid(), WAIT).getString("end_reason"), equalTo("AGENT_UNAVAILABLE"));
    }

    private static Thread talk(FakeTwilioCaller caller) {
        var on = new AtomicBoolean(true);
        return Thread.ofPlatform().daemon().start(() -> {
            while (on.get() && !Thread.currentThread().isInterrupted()) {
                try {
                    caller.sendMedia(FRAME);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | AssertionError hungUp) {
                    return;
                }
            }
        });
    }

    private static AgentConnection awaitCallersConnection(RunningPharmacy pharmacy, String from) {
        // Probes connect too; the caller's connection is the one whose Settings carries no probe's empty greeting.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            AgentConnection connection = pharmacy.agent.awaitConnection(WAIT);
            String greeting = connection.settings().getJsonObject("agent").getString("greeting", "");
            if (!greeting.isEmpty()) {
                return connection;
            }
        }
        throw new AssertionError("no agent connection for the call from " + from);
    }

    private String incomingCall(RunningPharmacy pharmacy) {
        try {
            return http.send(HttpRequest.newBuilder(pharmacy.http("/incoming-call"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("CallSid=" + FakeTwilioCaller.newCallSid()
                            + "&From=%2B15551230099&To=%2B15550001111"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError("the webhook did not answer", e);
        }
    }

    private JsonObject json(RunningPharmacy pharmacy, String path) throws Exception {
        String body = http.send(HttpRequest.newBuilder(pharmacy.http(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    private static long count(CapturedLog log, String text) {
        return log.lines().stream().filter(line -> line.contains(text)).count();
    }

}
