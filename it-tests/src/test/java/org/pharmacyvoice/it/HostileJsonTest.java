package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * JSON shapes that once escaped the bad-input path — a 2,000-digit number, tens of thousands of {@code [}, 5,000
 * nested objects, duplicate keys, NUL, half a surrogate pair, a 1,000-character function id — sent to a running server
 * over real sockets, on both of its sockets. Each is counted, logged in one line and skipped or answered; the call
 * goes on, byte-exact.
 */
class HostileJsonTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String THOUSAND_DIGITS = "9".repeat(2000);
    private static final String NESTED_OBJECTS = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        pharmacy.close();
    }

    @Test
    void nastyTwilioMessagesAreSkippedWhileTheCallStreamsByteExactAndSoDoesAnotherCall() {
        var random = new Random(6);
        FakeTwilioCaller healthy = FakeTwilioCaller.connect(pharmacy.streamUrl());
        healthy.startCall(Map.of("From", "+15551234567"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        FakeTwilioCaller other = FakeTwilioCaller.connect(pharmacy.streamUrl());
        other.startCall(Map.of("From", "+15557654321"));
        AgentConnection otherAgent = pharmacy.agent.awaitConnection(WAIT);
        otherAgent.settings();
        String sid = healthy.streamSid();
        List<String> onTheCall = List.of(
                "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"AAAA\",\"chunk\":"
                        + THOUSAND_DIGITS + "}}",
                "[".repeat(60_000),
                "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":" + NESTED_OBJECTS + "}",
                // Read with "last one wins", this was three bytes of 0xff in the middle of the caller's audio.
                "{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"AAAA\","
                        + "\"p\\u0061yload\":\"////\"}}",
                "{\"event\":\"dtmf\",\"streamSid\":\"" + sid + "\",\"dtmf\":{\"digit\":\"\\u0000\"}}");
        String otherSid = other.streamSid();
        List<String> onAnotherStream = List.of(
                "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\",\"callSid\":\"CA1\",\"mediaFormat\":"
                        + "{\"sampleRate\":8e9999999999}}}",
                "{\"event\":\"mark\",\"streamSid\":\"" + otherSid + "\",\"mark\":{\"name\":\"\\ud800\"}}",
                "{\"event\":\"media\",\"streamSid\":\"" + "M".repeat(60_000) + "\",\"media\":{\"payload\":\"AAAA\"}}",
                "{\"event\":\"stop\",\"streamSid\":\"" + otherSid + "\"} {\"event\":\"stop\"}");
        long rejectedBefore = pharmacy.server.rejectedTwilioMessages();
        var callerAudio = new ByteArrayOutputStream();
        var agentAudio = new ByteArrayOutputStream();

        try (var log = new CapturedLog("org.pharmacyvoice")) {
            for (int i = 0; i < 50; i++) {
                if (i % 10 == 5) {
                    healthy.sendRaw(onTheCall.get(i / 10));
                    onAnotherStream.forEach(other::sendRaw);
                    other.sendRaw(onTheCall.get(i / 10).replace(sid, otherSid));
                }
                byte[] up = bytes(random, 160);
                callerAudio.writeBytes(up);
                healthy.sendMedia(up);
                byte[] down = bytes(random, 160);
                agentAudio.writeBytes(down);
                agent.sendAudio(down);
            }

            assertThat(agent.awaitAudio(50 * 160, WAIT), equalTo(callerAudio.toByteArray()));
            assertThat(healthy.awaitAudio(50 * 160, WAIT), equalTo(agentAudio.toByteArray()));
            byte[] stillThere = bytes(random, 160);
            other.sendMedia(stillThere);
            assertThat(otherAgent.awaitAudio(160, WAIT), equalTo(stillThere));
            assertThat(pharmacy.server.rejectedTwilioMessages() - rejectedBefore, equalTo(5L + 5 * 5));
            assertThat(healthy.closeCode(), equalTo(-1));
            assertThat(other.closeCode(), equalTo(-1));
            List<String> lines = log.lines();
            String prefix = "WARNING org.pharmacyvoice.adapters.twilio.MediaStreamListener [" + healthy.callSid()
                    + "] skipped a Twilio message: ";
            assertThat(lines, hasItem(prefix + "a number of more than 40 characters"));
            assertThat(lines.stream().filter(line -> line.equals(prefix + "nested deeper than 32 levels")).count(),
                    equalTo(2L));
            assertThat(lines, hasItem(prefix + "malformed JSON: Duplicate key 'payload' is not allowed"));
            assertThat(lines, hasItem(prefix + "a NUL character in a string"));
            assertThat("nothing failed, nothing was closed", lines.stream()
                    .filter(line -> line.startsWith("ERROR") || line.contains("Exception")
                            || line.contains("closing the media stream")).toList(), empty());
            assertThat(lines.stream().filter(line -> line.contains("skipped a Twilio message: media for another "
                    + "stream MMMM")).findFirst().orElseThrow().length(), is(prefix.length() + 303));
        }
        assertThat(healthy.protocolViolations(), empty());
        assertThat(agent.protocolViolations(), empty());
        healthy.sendStop();
        other.sendStop();
        assertThat(agent.awaitClosed(WAIT), is(true));
        assertThat(otherAgent.awaitClosed(WAIT), is(true));
        healthy.close();
        other.close();
    }

    @Test
    void nastyArgumentsGetAnErrorAnswerAndTheAgentConnectionStaysUsable() {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        caller.startCall(Map.of("From", "+15551230000"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        List<String> nasty = List.of("{\"drug_name\":" + THOUSAND_DIGITS + "}", "[".repeat(100_000),
                "{\"drug_name\":" + NESTED_OBJECTS + "}", "{\"drug_name\":\"Advil\",\"drug_name\":\"Tylenol\"}");
        long rejectedBefore = pharmacy.server.rejectedAgentMessages();

        try (var log = new CapturedLog("org.pharmacyvoice")) {
            for (String arguments : nasty) {
                var asText = FunctionCall.of("get_drug_info", arguments);
                agent.requestFunctions(asText);
                assertThat(error(agent.awaitFunctionResponse(asText.id(), WAIT)),
                        equalTo("The arguments for get_drug_info were not valid JSON."));

                var asObject = FunctionCall.of("get_drug_info", arguments);
                agent.requestFunctionsAsWritten("{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\""
                        + asObject.id() + "\",\"name\":\"get_drug_info\",\"arguments\":" + arguments
                        + ",\"client_side\":true}]}", asObject);
                assertThat(error(agent.awaitFunctionResponse(asObject.id(), WAIT)),
                        equalTo("The arguments for get_drug_info were not valid JSON."));
            }
            String history = "{\"type\":\"History\",\"role\":\"assistant\",\"content\":" + NESTED_OBJECTS + "}";
            agent.sendJson(history);
            agent.sendJson("{\"type\":\"LatencyReport\",\"total_latency\":" + THOUSAND_DIGITS + "}");
            agent.sendJson("[".repeat(100_000));

            var advil = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
            agent.requestFunctions(advil);
            JsonObject answer = agent.awaitFunctionResponse(advil.id(), WAIT);
            assertThat(json(answer.getString("content")).getString("drug"), equalTo("ibuprofen"));
            byte[] speech = new byte[320];
            new Random(3).nextBytes(speech);
            agent.sendAudio(speech);
            assertThat(caller.awaitAudio(320, WAIT), equalTo(speech));
            assertThat(pharmacy.server.rejectedAgentMessages() - rejectedBefore, equalTo(8L + 3));
            List<String> lines = log.lines();
            // The fifth bad message on this connection: logged one by one, like the four requests before it.
            assertThat(lines, hasItem("WARNING org.pharmacyvoice.adapters.deepgram.AgentConnection ["
                    + caller.callSid() + "] skipped a bad Deepgram message: a message of " + history.length()
                    + " characters: nested deeper than 32 levels"));
            assertThat(lines, hasItem("WARNING org.pharmacyvoice.domain.tool.Toolbox [" + caller.callSid()
                    + "] get_drug_info called with unreadable arguments (2014 characters): a number of more than 40 "
                    + "characters"));
            assertThat("nothing failed", lines.stream().filter(line -> line.startsWith("ERROR")
                    || line.contains("Exception") || line.contains("connection lost")).toList(), empty());
        }
        assertThat(agent.protocolViolations(), empty());
        assertThat(agent.closeCode(), equalTo(-1));
        caller.sendStop();
        assertThat(agent.awaitClosed(WAIT), is(true));
        caller.close();
    }

    @Test
    void aThousandCharacterFunctionIdGetsAnErrorAnswerOneLogLineAndNoRecord() throws Exception {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        caller.startCall(Map.of("From", "+15551239999"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        var order = new FunctionCall("fc_" + "1".repeat(997), "place_order",
                "{\"customer_name\":\"Jane Doe\",\"drug_name\":\"Tylenol\",\"quantity\":1}");

        try (var log = new CapturedLog("org.pharmacyvoice")) {
            agent.requestFunctions(order);
            JsonObject answer = agent.awaitFunctionResponse(order.id(), WAIT);

            assertThat(answer.getString("name"), equalTo("place_order"));
            assertThat(error(answer),
                    equalTo("This function call was not run: it came with an id of 1000 characters (at most 128)."));
            var fine = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
            agent.requestFunctions(fine);
            agent.awaitFunctionResponse(fine.id(), WAIT);
            assertThat(pharmacy.server.flushCallRecords(WAIT), is(true));
            List<String> lines = log.lines();
            assertThat(lines.stream().filter(line -> line.contains("1111111111")).toList(), hasSize(1));
            assertThat(lines, hasItem("WARNING org.pharmacyvoice.adapters.deepgram.AgentConnection ["
                    + caller.callSid() + "] skipped a bad Deepgram message: refused a call of place_order that came "
                    + "with an id of 1000 characters (at most 128): fc_" + "1".repeat(37) + "..."));
            assertThat("no stack trace, no failure", lines.stream().filter(line -> line.startsWith("ERROR")
                    || line.contains("Exception")).toList(), empty());
        }
        JsonObject record = json(get("/api/calls/" + caller.callSid()).body());
        assertThat("only the fine call reached a tool and the records", record.getJsonArray("tool_calls")
                .getValuesAs(JsonObject.class).stream().map(run -> run.getString("tool")).toList(),
                equalTo(List.of("get_drug_info")));
        assertThat(agent.protocolViolations(), empty());
        caller.sendStop();
        assertThat(agent.awaitClosed(WAIT), is(true));
        caller.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(pharmacy.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(JsonObject functionCallResponse) {
        return json(functionCallResponse.getString("content")).getString("error");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
