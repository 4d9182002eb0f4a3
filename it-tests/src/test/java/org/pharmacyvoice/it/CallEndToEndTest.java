package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/** A phone call through the real server, from a fake Twilio caller to a fake Deepgram agent and the real tools. */
class CallEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CALLER_NUMBER = "+15551234567";

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    private final List<FakeTwilioCaller> callers = new ArrayList<>();
    private final List<AgentConnection> connections = new ArrayList<>();
    private final Random random = new Random(42);

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @AfterEach
    void noProtocolViolations() {
        callers.forEach(FakeTwilioCaller::close);
        for (FakeTwilioCaller caller : callers) {
            assertThat("Twilio rules broken by the server", caller.protocolViolations(), empty());
        }
        for (AgentConnection connection : connections) {
            assertThat("Deepgram rules broken by the server", connection.protocolViolations(), empty());
        }
        pharmacy.agent.holdSettingsApplied(false);
    }

    @Test
    void agentIsBriefedOnceWithMulawAudioPromptGreetingAndTheToolsFunctions() {
        AgentConnection agent = answerCall(newCaller());

        JsonObject settings = agent.settings();
        assertThat(agent.authorization(), equalTo("Token " + RunningPharmacy.API_KEY));
        assertThat(settings.getJsonObject("audio"), equalTo(json("""
                {"input":{"encoding":"mulaw","sample_rate":8000},
                 "output":{"encoding":"mulaw","sample_rate":8000,"container":"none"}}""")));
        JsonObject think = settings.getJsonObject("agent").getJsonObject("think");
        assertThat(think.getString("prompt"), equalTo(RunningPharmacy.PROMPT));
        assertThat(settings.getJsonObject("agent").getString("greeting"), equalTo(RunningPharmacy.GREETING));
        var functions = think.getJsonArray("functions").getValuesAs(JsonObject.class);
        assertThat(functions.stream().map(f -> f.getString("name")).toList(),
                contains("verify_caller", "get_drug_info", "place_order", "request_refill", "refill_status",
                        "list_prescriptions", "lookup_order", "find_my_orders", "cancel_order", "store_hours", "read_message", "stop_calls",
                        "transfer_to_pharmacist", "end_call"));
        assertThat(functions.get(2).getBoolean("defer_until_eot"), is(true));
        assertThat(functions.get(3).getBoolean("defer_until_eot"), is(true));
        assertThat(functions.get(1), not(hasKey("defer_until_eot")));
        long settingsMessages = agent.receivedJson().stream()
                .filter(m -> m.getString("type").equals("Settings")).count();
        assertThat(settingsMessages, equalTo(1L));
    }

    @Test
    void greetingAudioReachesTheCallerByteExact() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        byte[] first = audio(160);
        byte[] second = audio(800);
        byte[] third = audio(37);

        agent.sendAudio(first);
        agent.sendAudio(second);
        agent.sendAudio(third);

        assertThat(caller.awaitAudio(997, WAIT), equalTo(concat(first, second, third)));
    }

    @Test
    void callerAudioReachesTheAgentByteExactInOrderIncludingFramesSentBeforeSettingsApplied() {
        pharmacy.agent.holdSettingsApplied(true);
        FakeTwilioCaller caller = newCaller();
        caller.startCall(callParameters(caller));
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            frames.add(audio(160));
            caller.sendMedia(frames.getLast());
        }
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        connections.add(agent);
        agent.settings();
        assertThat(agent.audioFrames(), empty());

        agent.applySettings();
        for (int i = 0; i < 5; i++) {
            frames.add(audio(160));
            caller.sendMedia(frames.getLast());
        }

        byte[] expected = concat(frames.toArray(byte[][]::new));
        assertThat(agent.awaitAudio(expected.length, WAIT), equalTo(expected));
        assertThat("one agent frame per Twilio frame: no batching", agent.audioFrames().size(), equalTo(10));
    }

    @Test
    void callerStartingToSpeakClearsTwilioPlayback() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        agent.sendAudio(audio(1600));
        caller.awaitAudio(1600, WAIT);

        agent.sendUserStartedSpeaking();

        JsonObject clear = caller.awaitEvent("clear", WAIT);
        assertThat(clear, equalTo(json("{\"event\":\"clear\",\"streamSid\":\"" + caller.streamSid() + "\"}")));
    }

    @Test
    void oneRequestWithTwoFunctionsGetsTwoMatchingResponses() {
        AgentConnection agent = answerCall(newCaller());
        agent.settings();
        var drugInfo = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
        var lookup = FunctionCall.of("lookup_order", "{\"order_id\":987654}");

        agent.requestFunctions(drugInfo, lookup);

        JsonObject drugAnswer = agent.awaitFunctionResponse(drugInfo.id(), WAIT);
        JsonObject lookupAnswer = agent.awaitFunctionResponse(lookup.id(), WAIT);
        assertThat(drugAnswer.getString("name"), equalTo("get_drug_info"));
        assertThat(content(drugAnswer).getString("drug"), equalTo("ibuprofen"));
        assertThat(lookupAnswer.getString("name"), equalTo("lookup_order"));
        // Order details are for a verified patient only: the agent is told to verify first.
        assertThat(content(lookupAnswer).getString("error"), equalTo("The caller has not been verified, so no "
                + "patient information can be given or changed yet."));
    }

    @Test
    void placedOrderIsFoundAgainByLookupAndAmongThePatientsOrdersOnceVerified() {
        // A demo patient's own line (README, "Demo patients"): her orders are those placed from it.
        FakeTwilioCaller caller = newCaller();
        caller.startCall(Map.of("From", "+12025550103", "To", "+15550001111"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        connections.add(agent);
        agent.settings();
        var place = FunctionCall.of("place_order",
                "{\"customer_name\":\"Jane Doe\",\"drug_name\":\"Tylenol\",\"quantity\":2}");
        var verify = FunctionCall.of("verify_caller",
                "{\"full_name\":\"Carmen Diaz\",\"date_of_birth\":\"1990-02-14\"}");

        agent.requestFunctions(place, verify);
        JsonObject placed = content(agent.awaitFunctionResponse(place.id(), WAIT));
        assertThat(content(agent.awaitFunctionResponse(verify.id(), WAIT)).getString("outcome"), equalTo("verified"));
        long orderId = placed.getJsonNumber("order_id").longValueExact();
        var lookup = FunctionCall.of("lookup_order", "{\"order_id\":" + orderId + "}");
        var mine = FunctionCall.of("find_my_orders", "{}");
        agent.requestFunctions(lookup, mine);

        JsonObject found = content(agent.awaitFunctionResponse(lookup.id(), WAIT));
        assertThat(found.getJsonNumber("order_id").longValueExact(), equalTo(orderId));
        assertThat(found.getString("customer_name"), equalTo("Jane Doe"));
        assertThat(found.getString("drug"), equalTo("acetaminophen"));
        assertThat(found.getJsonNumber("quantity").intValue(), equalTo(2));
        assertThat(found.getString("status"), equalTo(placed.getString("status")));
        String myOrders = agent.awaitFunctionResponse(mine.id(), WAIT).getString("content");
        assertThat(myOrders, containsString("\"order_id\":" + orderId));
    }

    @Test
    void badToolArgumentsGetAnErrorResponseAndTheCallGoesOn() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        var unreadable = FunctionCall.of("get_drug_info", "{drug_name: aspirin");
        var wrongType = FunctionCall.of("place_order",
                "{\"customer_name\":\"Jo\",\"drug_name\":\"aspirin\",\"quantity\":\"lots\"}");
        var unknown = FunctionCall.of("launch_rocket", "{}");

        agent.requestFunctions(unreadable, wrongType, unknown);

        assertThat(content(agent.awaitFunctionResponse(unreadable.id(), WAIT)).getString("error"),
                equalTo("The arguments for get_drug_info were not valid JSON."));
        assertThat(content(agent.awaitFunctionResponse(wrongType.id(), WAIT)).getString("error"),
                containsString("quantity must be a whole number"));
        assertThat(content(agent.awaitFunctionResponse(unknown.id(), WAIT)).getString("error"),
                equalTo("There is no tool named launch_rocket."));
        byte[] later = audio(160);
        caller.sendMedia(later);
        assertThat(agent.awaitAudio(160, WAIT), equalTo(later));
        agent.sendAudio(later);
        assertThat(caller.awaitAudio(160, WAIT), equalTo(later));
    }

    @Test
    void twilioStopClosesTheAgentSocketAndTheStream() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();

        caller.sendStop();

        assertThat(agent.awaitClosed(WAIT), is(true));
        assertThat(agent.closeCode(), equalTo(1000));
        assertThat(caller.awaitClosed(WAIT), is(true));
        awaitNoActiveCalls();
    }

    @Test
    void agentErrorEndsTheCallCleanly() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();

        agent.sendError("INTERNAL_SERVER_ERROR", "the test broke the agent");

        assertThat(caller.awaitClosed(WAIT), is(true));
        assertThat(caller.closeCode(), equalTo(1000));
        assertThat(agent.awaitClosed(WAIT), is(true));
        awaitNoActiveCalls();
    }

    @Test
    void agentDroppingMidCallIsReplacedByANewConnectionThatKnowsTheConversation() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection first = answerCall(caller);
        first.settings();
        first.sendConversationText("user", "Do you have amoxicillin?");
        first.sendConversationText("assistant", "Yes, we do. Would you like to order some?");

        first.close();
        AgentConnection second = pharmacy.agent.awaitConnection(WAIT);
        connections.add(second);
        JsonObject resumed = second.settings().getJsonObject("agent");
        byte[] later = audio(160);
        caller.sendMedia(later);

        assertThat(resumed.getJsonObject("context").getJsonArray("messages"), equalTo(Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "History").add("role", "user")
                        .add("content", "Do you have amoxicillin?"))
                .add(Json.createObjectBuilder().add("type", "History").add("role", "assistant")
                        .add("content", "Yes, we do. Would you like to order some?"))
                .build()));
        assertThat("no second greeting", resumed.containsKey("greeting"), is(false));
        assertThat(second.awaitAudio(160, WAIT), equalTo(later));
        assertThat(caller.receivedMessages().stream().noneMatch(m -> m.getString("event").equals("clear")), is(true));
        caller.sendStop();
        assertThat(second.awaitClosed(WAIT), is(true));
    }

    @Test
    void twoSimultaneousCallsNeverHearEachOther() {
        FakeTwilioCaller alice = newCaller();
        AgentConnection aliceAgent = answerCall(alice);
        FakeTwilioCaller bob = newCaller();
        AgentConnection bobAgent = answerCall(bob);
        aliceAgent.settings();
        bobAgent.settings();
        byte[] fromAlice = filled(320, (byte) 0x11);
        byte[] fromBob = filled(320, (byte) 0x22);
        byte[] toAlice = filled(480, (byte) 0x33);
        byte[] toBob = filled(480, (byte) 0x44);

        for (int i = 0; i < 2; i++) {
            alice.sendMedia(java.util.Arrays.copyOfRange(fromAlice, i * 160, (i + 1) * 160));
            bob.sendMedia(java.util.Arrays.copyOfRange(fromBob, i * 160, (i + 1) * 160));
        }
        aliceAgent.sendAudio(toAlice);
        bobAgent.sendAudio(toBob);

        assertThat(aliceAgent.awaitAudio(320, WAIT), equalTo(fromAlice));
        assertThat(bobAgent.awaitAudio(320, WAIT), equalTo(fromBob));
        assertThat(alice.awaitAudio(480, WAIT), equalTo(toAlice));
        assertThat(bob.awaitAudio(480, WAIT), equalTo(toBob));
    }

    @Test
    void webhookConnectsTheCallToTheMediaStreamAndHealthIsUp() throws Exception {
        var http = HttpClient.newHttpClient();
        var webhook = HttpRequest.newBuilder(pharmacy.http("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA42&From=%2B15551234567&To=%2B15550001111"))
                .build();

        String twiml = http.send(webhook, HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(pharmacy.http("/observe/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(twiml, containsString("<Stream url=\"ws://127.0.0.1:" + pharmacy.server.port() + "/media-stream\">"));
        assertThat(twiml, containsString("<Parameter name=\"CallSid\" value=\"CA42\"/>"));
        assertThat(health.statusCode(), equalTo(200));
        JsonObject status = json(health.body());
        assertThat(status.getString("status"), equalTo("UP"));
        assertThat(status.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name") + "=" + c.getString("status")).sorted().toList(),
                contains("database=UP", "voice-agent=UP"));
    }

    private FakeTwilioCaller newCaller() {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        callers.add(caller);
        return caller;
    }

    private AgentConnection answerCall(FakeTwilioCaller caller) {
        caller.startCall(callParameters(caller));
        AgentConnection connection = pharmacy.agent.awaitConnection(WAIT);
        connections.add(connection);
        return connection;
    }

    private static Map<String, String> callParameters(FakeTwilioCaller caller) {
        return Map.of("From", CALLER_NUMBER, "To", "+15550001111");
    }

    private void awaitNoActiveCalls() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pharmacy.server.activeCalls() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(pharmacy.server.activeCalls(), equalTo(0));
    }

    private byte[] audio(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static JsonObject content(JsonObject functionCallResponse) {
        return json(((JsonString) functionCallResponse.get("content")).getString());
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
