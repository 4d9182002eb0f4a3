package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.adapters.functions.CallArchive;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/** What operators rely on: every call on record, a busy line at the call limit, and a graceful drain. */
class CallRecordsAndLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void callRecordsOlderThanTheRetentionPeriodAreGoneSoonAfterStartAndNewerOnesStay() throws Exception {
        var settings = new DatabaseSettings("jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath(), "sa", "",
                2);
        try (PharmacyDatabase database = PharmacyDatabase.open(settings)) {
            var archive = CallArchive.in(database);
            Instant now = Instant.now();
            for (var call : Map.of("CA-last-spring", now.minus(Duration.ofDays(200)),
                    "CA-yesterday", now.minus(Duration.ofDays(1))).entrySet()) {
                archive.callStarted(new CallContext(call.getKey(), "MZ1", "+15551234567", "+15550001111"),
                        call.getValue());
                archive.lineSpoken(call.getKey(), new ConversationLine(Speaker.CALLER, "My prescription, please."),
                        call.getValue());
                archive.callEnded(call.getKey(), CallEndReason.CALLER_HUNG_UP, call.getValue().plusSeconds(30));
            }
        }

        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("call.records.retention.days", "30"))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<String> kept = callSids(pharmacy);
            while (kept.size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                kept = callSids(pharmacy);
            }

            assertThat(kept, equalTo(List.of("CA-yesterday")));
            assertThat(get(pharmacy, "/api/calls/CA-last-spring").statusCode(), equalTo(404));
            assertThat(getJson(pharmacy, "/api/calls/CA-yesterday").getJsonArray("transcript").size(), equalTo(1));
        }
    }

    private void awaitTranscriptLines(RunningPharmacy pharmacy, String callSid, int lines) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            pharmacy.server.flushCallRecords(WAIT);
            HttpResponse<String> record = get(pharmacy, "/api/calls/" + callSid);
            if (record.statusCode() == 200 && Json.createReader(new StringReader(record.body())).readObject()
                    .getJsonArray("transcript").size() >= lines) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private List<String> callSids(RunningPharmacy pharmacy) throws Exception {
        return getJson(pharmacy, "/api/calls").getJsonArray("calls").getValuesAs(JsonObject.class).stream()
                .map(call -> call.getString("call_sid")).toList();
    }

    @Test
    void everyCallIsOnRecordWithTranscriptToolCallsEndReasonAndTwiliosStatus() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of())) {
            var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
            caller.startCall(Map.of("From", "+15551234567", "To", "+15550001111"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            agent.sendConversationText("user", "Do you have Advil?");
            var lookup = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
            agent.requestFunctions(lookup);
            agent.awaitFunctionResponse(lookup.id(), WAIT);
            agent.sendConversationText("assistant", "Yes, ibuprofen is in stock.");
            // The agent's line and the caller's stop travel on two sockets; a line the server reads after the hang-up
            // belongs to no call any more, so the test hangs up once the line is on record.
            awaitTranscriptLines(pharmacy, caller.callSid(), 2);
            caller.sendStop();
            assertThat(agent.awaitClosed(WAIT), is(true));
            post(pharmacy, "/call-status", "CallSid=" + caller.callSid() + "&CallStatus=completed&CallDuration=42");
            assertThat(pharmacy.server.flushCallRecords(WAIT), is(true));

            JsonObject call = getJson(pharmacy, "/api/calls/" + caller.callSid());
            JsonObject list = getJson(pharmacy, "/api/calls?limit=5");

            assertThat(call.getString("caller"), equalTo("+1******4567"));
            assertThat(call.getString("caller_number"), equalTo("+15551234567"));
            assertThat(call.getString("end_reason"), equalTo("CALLER_HUNG_UP"));
            assertThat(call.getString("network_status"), equalTo("completed"));
            assertThat(call.getInt("duration_seconds"), equalTo(42));
            assertThat(call.getBoolean("in_progress"), is(false));
            assertThat(call.getJsonArray("transcript").getValuesAs(JsonObject.class).stream()
                            .map(line -> line.getString("speaker") + ": " + line.getString("text")).toList(),
                    equalTo(List.of("caller: Do you have •••?", "agent: Yes, ••• is in stock.")));
            JsonObject tool = call.getJsonArray("tool_calls").getJsonObject(0);
            assertThat(tool.getString("tool_call_id"), equalTo(lookup.id()));
            assertThat(tool.getString("tool"), equalTo("get_drug_info"));
            assertThat(tool.getString("arguments"), equalTo("{\"drug_name\":\"Advil\"}"));
            assertThat(tool.getString("result"), containsString("\"drug\":\"ibuprofen\""));
            assertThat(tool.getBoolean("succeeded"), is(true));
            assertThat(list.getJsonArray("calls").getJsonObject(0).getString("call_sid"), equalTo(caller.callSid()));
            caller.close();
        }
    }

    @Test
    void unknownCallIsA404AndABadLimitA400() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of())) {
            var missing = get(pharmacy, "/api/calls/CA404");
            var badLimit = get(pharmacy, "/api/calls?limit=0");

            assertThat(missing.statusCode(), equalTo(404));
            assertThat(json(missing.body()).getString("error"), equalTo("not_found"));
            assertThat(badLimit.statusCode(), equalTo(400));
            assertThat(json(badLimit.body()).getString("error"), equalTo("invalid_parameter"));
        }
    }

    @Test
    void atTheCallLimitTheNextCallerHearsTheLineIsBusy() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("max.concurrent.calls", "1"));
             var first = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            first.startCall(Map.of("From", "+15551234567"));
            pharmacy.agent.awaitConnection(WAIT).settings();

            String twiml = post(pharmacy, "/incoming-call", "CallSid=CA2&From=%2B15559990000").body();
            var second = FakeTwilioCaller.connect(pharmacy.streamUrl());
            second.startCall(Map.of("From", "+15559990000"));

            assertThat(twiml, containsString("All our lines are busy right now."));
            assertThat(twiml.contains("<Stream"), is(false));
            assertThat("a stream beyond the limit is refused too", second.awaitClosed(WAIT), is(true));
            assertThat(pharmacy.server.activeCalls(), equalTo(1));
            second.close();
        }
    }

    @Test
    void shutdownDrainsLetsTheCallInProgressFinishAndTurnsNewCallersAway() throws Exception {
        var pharmacy = RunningPharmacy.start(dataDir, Map.of("drain.timeout", "10"));
        try (var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();

            long started = System.nanoTime();
            var shutdown = CompletableFuture.runAsync(pharmacy.server::shutdown);
            Thread.sleep(200);
            String twiml = post(pharmacy, "/incoming-call", "CallSid=CA3&From=%2B15559990000").body();
            byte[] stillFlowing = new byte[160];
            java.util.Arrays.fill(stillFlowing, (byte) 7);
            caller.sendMedia(stillFlowing);
            byte[] heard = agent.awaitAudio(160, WAIT);
            caller.sendStop();
            shutdown.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            assertThat(twiml, containsString("All our lines are busy right now."));
            assertThat(heard, equalTo(stillFlowing));
            assertThat("the drain ended as soon as the last call did",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), lessThan(5_000L));
        } finally {
            pharmacy.close();
        }
    }

    @Test
    void callsStillGoingWhenTheDrainTimesOutAreEndedCleanlyAndRecorded() throws Exception {
        String callSid;
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("drain.timeout", "0.3"));
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            callSid = caller.callSid();
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();

            pharmacy.server.shutdown();

            assertThat(caller.awaitClosed(WAIT), is(true));
            assertThat(caller.closeCode(), equalTo(1000));
            assertThat(agent.awaitClosed(WAIT), is(true));
        }
        try (var restarted = RunningPharmacy.start(dataDir, Map.of())) {
            assertThat(getJson(restarted, "/api/calls/" + callSid).getString("end_reason"),
                    equalTo("SERVER_SHUTDOWN"));
        }
    }

    private HttpResponse<String> post(RunningPharmacy pharmacy, String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(pharmacy.http(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(RunningPharmacy pharmacy, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(pharmacy.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject getJson(RunningPharmacy pharmacy, String path) throws Exception {
        HttpResponse<String> response = get(pharmacy, path);
        assertThat(path + " " + response.body(), response.statusCode(), equalTo(200));
        return json(response.body());
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
