package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/** What operators see of calls: Prometheus metrics at /observe/metrics, liveness and readiness, and the log lines. */
class ObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern CALL_SID = Pattern.compile("\\[CA[0-9a-fA-F]{32}]");

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @Test
    void oneCallIsCountedFrameByFrameWithToolOutcomesLatenciesBargeInReconnectAndItsEndReason() throws Exception {
        PrometheusScrape before = scrape();
        pharmacy.agent.holdSettingsApplied(true);
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        caller.startCall(Map.of("From", "+15551234567"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        // Sent while the agent is not ready yet: it is held and handed over once the agent is, unless it reaches the
        // bridge after SettingsApplied (a race this test cannot see), in which case it goes straight through.
        caller.sendMedia(frame(160, 1));
        agent.applySettings();
        agent.awaitAudio(160, WAIT);
        pharmacy.agent.holdSettingsApplied(false);
        assertThat(scrape().value("pharmacy_calls_active"), equalTo(1.0));

        for (int i = 0; i < 5; i++) {
            caller.sendMedia(frame(160, i + 2));
        }
        agent.awaitAudio(160 * 6, WAIT);
        agent.sendAudio(frame(160, 10));
        agent.sendAudio(frame(320, 11));
        agent.sendAudio(frame(480, 12));
        caller.awaitAudio(960, WAIT);
        agent.sendJson("{\"type\":\"LatencyReport\",\"total_latency\":0.8,\"tts_latency\":0.2,\"ttt_latency\":0.6}");
        agent.sendUserStartedSpeaking();
        caller.awaitEvent("clear", WAIT);
        var found = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
        var missing = FunctionCall.of("lookup_order", "{\"order_id\":987654}");
        var invented = FunctionCall.of("launch_rocket", "{}");
        agent.requestFunctions(found, missing, invented);
        agent.awaitFunctionResponse(found.id(), WAIT);
        agent.awaitFunctionResponse(missing.id(), WAIT);
        agent.awaitFunctionResponse(invented.id(), WAIT);
        pharmacy.agent.holdSettingsApplied(true);
        agent.close();
        AgentConnection second = pharmacy.agent.awaitConnection(WAIT);
        second.settings();
        caller.sendMedia(frame(160, 20));
        second.applySettings();
        second.awaitAudio(160, WAIT);
        pharmacy.agent.holdSettingsApplied(false);
        caller.sendStop();
        caller.awaitClosed(WAIT);

        PrometheusScrape after = eventually(now -> now.since(before, "pharmacy_calls_ended_total",
                "reason", "caller_hung_up") == 1 && now.since(before, "pharmacy_agent_reconnects_total") == 1
                && now.value("pharmacy_calls_active") == 0);
        assertThat(after.since(before, "pharmacy_calls_started_total"), equalTo(1.0));
        assertThat(after.since(before, "pharmacy_calls_ended_total", "reason", "caller_hung_up"), equalTo(1.0));
        assertThat(after.since(before, "pharmacy_calls_ended_total", "reason", "agent_error"), equalTo(0.0));
        assertThat(after.since(before, "pharmacy_call_duration_seconds_count"), equalTo(1.0));
        assertThat("every caller frame reached an agent once, held or not",
                after.since(before, "pharmacy_audio_frames_total", "direction", "caller_to_agent"), equalTo(7.0));
        assertThat(after.since(before, "pharmacy_audio_bytes_total", "direction", "caller_to_agent"), equalTo(1120.0));
        assertThat(after.since(before, "pharmacy_audio_frames_total", "direction", "agent_to_caller"), equalTo(3.0));
        assertThat(after.since(before, "pharmacy_audio_bytes_total", "direction", "agent_to_caller"), equalTo(960.0));
        double straightThrough = after.since(before, "pharmacy_bridge_latency_seconds_count",
                "direction", "caller_to_agent");
        assertThat("the five frames sent to a ready agent are timed; a held frame's wait is not bridge latency",
                straightThrough, both(greaterThanOrEqualTo(5.0)).and(lessThanOrEqualTo(7.0)));
        assertThat(after.since(before, "pharmacy_bridge_latency_seconds_bucket", "direction", "agent_to_caller",
                "le", "+Inf"), equalTo(3.0));
        assertThat("bridging a frame takes well under 50 ms", after.since(before,
                "pharmacy_bridge_latency_seconds_bucket", "direction", "caller_to_agent", "le", "0.05"),
                equalTo(straightThrough));
        assertThat(after.since(before, "pharmacy_barge_ins_total"), equalTo(1.0));
        assertThat(after.since(before, "pharmacy_agent_reconnects_total"), equalTo(1.0));
        assertThat(after.since(before, "pharmacy_tool_call_duration_seconds_count",
                "tool", "get_drug_info", "outcome", "succeeded"), equalTo(1.0));
        assertThat(after.since(before, "pharmacy_tool_call_duration_seconds_count",
                "tool", "lookup_order", "outcome", "failed"), equalTo(1.0));
        assertThat("tool names the model invents don't become labels", after.since(before,
                "pharmacy_tool_call_duration_seconds_count", "tool", "unknown", "outcome", "failed"), equalTo(1.0));
        assertThat(after.has("pharmacy_tool_call_duration_seconds_count", "tool", "launch_rocket", "outcome",
                "failed"), equalTo(false));
        assertThat(after.since(before, "pharmacy_agent_response_latency_seconds_count",
                "agent", "deepgram"), equalTo(1.0));
        assertThat(after.since(before, "pharmacy_agent_response_latency_seconds_sum",
                "agent", "deepgram"), equalTo(0.8));
        assertThat(after.since(before, "pharmacy_agent_response_latency_seconds_bucket",
                "agent", "deepgram", "le", "0.75"), equalTo(0.0));
        assertThat(after.since(before, "pharmacy_agent_response_latency_seconds_bucket",
                "agent", "deepgram", "le", "1.0"), equalTo(1.0));
    }

    @Test
    void metricsAreServedAsPrometheusTextWithHelpAndTypeForEveryPharmacyMeter() throws Exception {
        HttpResponse<String> response = get("/observe/metrics");

        assertThat(response.statusCode(), equalTo(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("text/plain"));
        assertThat(response.body(), containsString("# TYPE pharmacy_calls_active gauge"));
        assertThat(response.body(), containsString("# TYPE pharmacy_calls_ended_total counter"));
        assertThat(response.body(), containsString("# TYPE pharmacy_tool_call_duration_seconds histogram"));
        assertThat(response.body(), containsString("# TYPE pharmacy_agent_response_latency_seconds histogram"));
        assertThat(response.body(), containsString("# TYPE pharmacy_bridge_latency_seconds histogram"));
        assertThat(response.body(), containsString("# HELP pharmacy_barge_ins_total "));
        assertThat("every end reason is there from the start, at zero if need be",
                PrometheusScrape.parse(response.body()).has("pharmacy_calls_ended_total", "reason", "server_busy"),
                equalTo(true));
    }

    @Test
    void livenessAndReadinessAreUpWithTheDatabaseAndAgentChecksOnReadiness() throws Exception {
        HttpResponse<String> live = get("/observe/health/live");
        HttpResponse<String> ready = get("/observe/health/ready");

        assertThat(live.statusCode(), equalTo(200));
        assertThat(json(live.body()).getString("status"), equalTo("UP"));
        assertThat(ready.statusCode(), equalTo(200));
        JsonObject readiness = json(ready.body());
        assertThat(readiness.getString("status"), equalTo("UP"));
        assertThat(readiness.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(check -> check.getString("name") + "=" + check.getString("status")).toList(),
                equalTo(List.of("database=UP", "voice-agent=UP")));
    }

    @Test
    void withoutAnAgentKeyTheServerIsAliveButNotReady(@TempDir Path otherDir) throws Exception {
        try (var unconfigured = RunningPharmacy.start(otherDir, Map.of("deepgram.api.key", ""))) {
            var http = HttpClient.newHttpClient();
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(unconfigured.http("/observe/health/live"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(unconfigured.http("/observe/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(live.statusCode(), equalTo(200));
            assertThat(ready.statusCode(), equalTo(503));
            assertThat(ready.body(), containsString("\"name\":\"voice-agent\",\"status\":\"DOWN\""));
            assertThat(ready.body(), containsString("\"name\":\"database\",\"status\":\"UP\""));
        }
    }

    @Test
    void everyLogLineOfACallNamesItsCallSidAndNoneHoldsTheKeyTheTokenTheCallersNumberOrWhatWasSaid() {
        var log = new CapturedLog("org.pharmacyvoice");
        FakeTwilioCaller caller;
        try {
            caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
            caller.startCall(Map.of("From", "+15557654321", "streamToken", "not-checked-but-secret-7f3a"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            agent.sendConversationText("assistant", "Hello, this is the pharmacy.");
            agent.sendUserStartedSpeaking();
            caller.awaitEvent("clear", WAIT);
            var place = FunctionCall.of("place_order",
                    "{\"customer_name\":\"Ann Log\",\"drug_name\":\"Tylenol\",\"quantity\":1}");
            agent.requestFunctions(place);
            agent.awaitFunctionResponse(place.id(), WAIT);
            agent.sendError("CLIENT_MESSAGE_TIMEOUT", "We waited too long for a message.");
            caller.awaitClosed(WAIT);
            pharmacy.server.flushCallRecords(WAIT);
        } finally {
            log.close();
        }
        String sid = "[" + caller.callSid() + "]";

        List<String> lines = log.lines();
        assertThat(lines.size(), greaterThan(5));
        for (String line : lines) {
            // Only this call runs, but the end of an earlier test's call may still be logging: any call's SID will do.
            assertThat(line, CALL_SID.matcher(line).find(), equalTo(true));
            assertThat(line, line.contains(RunningPharmacy.API_KEY), equalTo(false));
            assertThat(line, line.contains("not-checked-but-secret-7f3a"), equalTo(false));
            assertThat(line, line.contains("+15557654321"), equalTo(false));
            assertThat("what is said on a call is health information, kept out of the log at INFO",
                    line.contains("this is the pharmacy") || line.contains("Ann Log"), equalTo(false));
        }
        assertThat(lines, hasItem("INFO org.pharmacyvoice.domain.call.CallBridge " + sid
                + " call started from +1******4321"));
        assertThat(lines, hasItem(startsWith("INFO org.pharmacyvoice.domain.call.ToolRunner " + sid
                + " tool place_order (fc_")));
        assertThat(lines, hasItem(startsWith("INFO org.pharmacyvoice.domain.call.CallBridge " + sid
                + " barge-in")));
        assertThat(lines, hasItem("ERROR org.pharmacyvoice.domain.call.CallBridge " + sid
                + " agent error CLIENT_MESSAGE_TIMEOUT: We waited too long for a message."));
        assertThat(lines, hasItem("INFO org.pharmacyvoice.domain.call.CallBridge " + sid
                + " call ended: AGENT_ERROR"));
        assertThat("one line for the end of the call", lines.stream()
                .filter(l -> l.contains(sid + " call ended")).count(), equalTo(1L));
        assertThat(lines.stream().filter(l -> l.contains(" tool place_order ")).findFirst().orElseThrow(),
                containsString(" succeeded in "));
        assertThat("no stack traces for an agent error", lines.stream().filter(l -> l.contains("Exception")).toList(),
                empty());
    }

    private static PrometheusScrape scrape() {
        return PrometheusScrape.of(pharmacy.http("/observe/metrics"));
    }

    /** Scrapes until {@code settled} holds (meters are updated right after the events the test can see). */
    private static PrometheusScrape eventually(Predicate<PrometheusScrape> settled) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        PrometheusScrape now = scrape();
        while (!settled.test(now) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = scrape();
        }
        return now;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(pharmacy.http(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Distinct, non-silent μ-law frames: each byte encodes the frame's number, never μ-law silence (0xFF). */
    private static byte[] frame(int length, int number) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((number * 31 + i) % 200);
        }
        return bytes;
    }
}
