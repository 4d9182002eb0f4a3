package org.pharmacyvoice.it.fakes;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.it.DeepgramAgentSpec;
import org.pharmacyvoice.it.DeepgramSchemaCheck;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FakeDeepgramAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SETTINGS = DeepgramAgentSpec.telephonySettingsExample().toString();

    private FakeDeepgramAgent agent;
    private JdkWebSocketClient client;

    @BeforeEach
    void startAgent() {
        agent = FakeDeepgramAgent.start();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    private AgentConnection connect() {
        client = JdkWebSocketClient.connect(agent.url(), Map.of("Authorization", "Token test-key"));
        return agent.awaitConnection(WAIT);
    }

    /** Connects, reads Welcome, sends the §3.1 Settings and reads SettingsApplied. */
    private AgentConnection connectAndApplySettings() {
        AgentConnection connection = connect();
        assertThat(client.nextJson().getString("type"), is("Welcome"));
        client.sendText(SETTINGS);
        assertThat(client.nextText(), is("{\"type\":\"SettingsApplied\"}"));
        return connection;
    }

    private static byte[] mulaw(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i);
        }
        return bytes;
    }

    private static void assertValid(JsonObject message, String serverMessage) {
        assertThat(message + " against " + serverMessage,
                DeepgramSchemaCheck.violations(message, DeepgramAgentSpec.serverToClient(serverMessage)), is(empty()));
    }

    @Test
    void urlPointsAtTheLoopbackAgentPath() {
        assertThat(agent.url().toString(), startsWith("ws://127.0.0.1:"));
        assertThat(agent.url().getPath(), is("/v1/agent/converse"));
    }

    @Test
    void welcomeSettingsSettingsAppliedAndAudioWithoutViolations() {
        AgentConnection connection = connect();

        JsonObject welcome = client.nextJson();
        assertValid(welcome, "AgentV1Welcome");
        assertThat(welcome.keySet(), contains("type", "request_id"));
        assertThat(welcome.getString("request_id"), is(connection.requestId()));
        assertThat(UUID.fromString(connection.requestId()).toString(), is(connection.requestId()));

        client.sendText(SETTINGS);
        assertThat(client.nextText(), is("{\"type\":\"SettingsApplied\"}"));
        byte[] first = mulaw(160, 0);
        byte[] second = mulaw(160, 7);
        client.sendBinary(first);
        client.sendBinary(second);

        byte[] expected = new byte[320];
        System.arraycopy(first, 0, expected, 0, 160);
        System.arraycopy(second, 0, expected, 160, 160);
        assertArrayEquals(expected, connection.awaitAudio(320, WAIT));
        assertArrayEquals(expected, connection.receivedAudio());
        assertThat(connection.audioFrames(), hasSize(2));
        assertArrayEquals(second, connection.audioFrames().get(1));
        assertThat(connection.authorization(), is("Token test-key"));
        assertThat(connection.settings(), is(DeepgramAgentSpec.telephonySettingsExample()));
        assertThat(connection.settingsApplied(), is(true));
        assertThat(connection.receivedJson(), contains(DeepgramAgentSpec.telephonySettingsExample()));
        assertThat(connection.protocolViolations(), is(empty()));
        assertThat(agent.connectionCount(), is(1));
    }

    @Test
    void missingAuthorizationHeaderIsReportedAsNull() {
        client = JdkWebSocketClient.connect(agent.url(), Map.of());
        assertThat(agent.awaitConnection(WAIT).authorization(), is(nullValue()));
    }

    @Test
    void audioBeforeSettingsIsAViolation() {
        AgentConnection connection = connect();
        client.nextJson();
        client.sendBinary(mulaw(160, 0));
        client.roundTrip();

        assertThat(connection.protocolViolations(),
                contains("binary audio (160 bytes) before Settings (NON_SETTINGS_MESSAGE_BEFORE_SETTINGS)"));
        assertThat(agent.protocolViolations(), contains(
                "AgentConnection#1: binary audio (160 bytes) before Settings (NON_SETTINGS_MESSAGE_BEFORE_SETTINGS)"));
    }

    @Test
    void keepAliveBeforeSettingsIsAViolation() {
        AgentConnection connection = connect();
        client.nextJson();
        client.sendText("{\"type\":\"KeepAlive\"}");
        client.sendText(SETTINGS);
        client.nextText();

        assertThat(connection.protocolViolations(), contains("KeepAlive before Settings (NON_SETTINGS_MESSAGE_BEFORE_SETTINGS)"));
    }

    @Test
    void heldSettingsAppliedIsSentOnlyOnRequestAndAudioBeforeItIsAViolation() throws InterruptedException {
        agent.holdSettingsApplied(true);
        AgentConnection connection = connect();
        client.nextJson();
        client.sendText(SETTINGS);
        assertThat(connection.settings(), is(DeepgramAgentSpec.telephonySettingsExample()));
        assertThat(client.pollText(Duration.ofMillis(300)), is(nullValue()));

        client.sendBinary(mulaw(80, 0));
        connection.awaitAudio(80, WAIT);
        connection.applySettings();
        assertThat(client.nextText(), is("{\"type\":\"SettingsApplied\"}"));
        client.sendBinary(mulaw(80, 1));
        connection.awaitAudio(160, WAIT);

        assertThat(connection.protocolViolations(), contains("binary audio (80 bytes) before SettingsApplied was sent"));
    }

    @Test
    void injectionBeforeSettingsAppliedIsAViolation() {
        agent.holdSettingsApplied(true);
        AgentConnection connection = connect();
        client.nextJson();
        client.sendText(SETTINGS);
        client.sendText("{\"type\":\"InjectUserMessage\",\"content\":\"What is aspirin?\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(), contains("InjectUserMessage before SettingsApplied was sent"));
    }

    @Test
    void injectedUserMessagesAreRecordedAndEchoedAsTheUsersLine() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"InjectUserMessage\",\"content\":\"The caller typed on the keypad: 42\"}");

        JsonObject echo = client.nextJson();
        assertValid(echo, "AgentV1ConversationText");
        assertThat(echo, is(Json.createObjectBuilder().add("type", "ConversationText").add("role", "user")
                .add("content", "The caller typed on the keypad: 42").build()));
        assertThat(connection.awaitInjectedUserMessages(1, WAIT), contains("The caller typed on the keypad: 42"));
        assertThat(connection.protocolViolations(), is(empty()));
    }

    @Test
    void refusedInjectionsAreAnsweredWithInjectionRefusedAsTheSpecShapesIt() {
        AgentConnection connection = connectAndApplySettings().refuseInjections(1);
        client.sendText("{\"type\":\"InjectUserMessage\",\"content\":\"first\"}");
        JsonObject refused = client.nextJson();
        client.sendText("{\"type\":\"InjectUserMessage\",\"content\":\"second\"}");

        assertValid(refused, "AgentV1InjectionRefused");
        assertThat(refused.getString("type"), is("InjectionRefused"));
        assertThat("the second is taken", client.nextJson().getString("content"), is("second"));
        // The fake answers before it records (see onInjectUserMessage): the record may trail the answer a little.
        assertThat(connection.awaitInjectedUserMessages(2, Duration.ofSeconds(5)), contains("first", "second"));
    }

    @Test
    void withoutEchoATakenInjectionIsAnsweredWithNothing() {
        AgentConnection connection = connectAndApplySettings().echoInjections(false);
        client.sendText("{\"type\":\"InjectUserMessage\",\"content\":\"quiet\"}");
        client.roundTrip();
        connection.sendAgentAudioDone();

        assertThat(client.nextJson().getString("type"), is("AgentAudioDone"));
        assertThat(connection.injectedUserMessages(), contains("quiet"));
    }

    @Test
    void anInjectionWithTheWrongFieldIsAViolationAndNotRecorded() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"InjectUserMessage\",\"message\":\"typed\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(), hasSize(1));
        assertThat(connection.protocolViolations().get(0), startsWith("InjectUserMessage violates the spec"));
        assertThat(connection.injectedUserMessages(), is(empty()));
    }

    @Test
    void injectedAgentMessagesAreRecordedWholeAndAnsweredWithNothing() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"InjectAgentMessage\",\"message\":\"Are you still there?\"}");
        client.sendText("{\"type\":\"InjectAgentMessage\",\"message\":\"One moment.\",\"behavior\":\"queue\"}");
        client.roundTrip();
        connection.sendAgentAudioDone();

        assertThat("nothing came before the test's own message", client.nextJson().getString("type"),
                is("AgentAudioDone"));
        assertThat(connection.awaitInjectedAgentMessages(2, WAIT), contains(
                Json.createObjectBuilder().add("type", "InjectAgentMessage").add("message", "Are you still there?")
                        .build(),
                Json.createObjectBuilder().add("type", "InjectAgentMessage").add("message", "One moment.")
                        .add("behavior", "queue").build()));
        assertThat(connection.injectedUserMessages(), is(empty()));
        assertThat(connection.protocolViolations(), is(empty()));
    }

    @Test
    void anAgentInjectionWithTheSdksContentFieldOrAnUnknownBehaviorIsAViolationAndNotRecorded() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"InjectAgentMessage\",\"content\":\"Hello\"}");
        client.sendText("{\"type\":\"InjectAgentMessage\",\"message\":\"Hello\",\"behavior\":\"later\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(), hasSize(2));
        assertThat(connection.protocolViolations().get(0), startsWith("InjectAgentMessage violates the spec"));
        assertThat(connection.protocolViolations().get(1), startsWith("InjectAgentMessage violates the spec"));
        assertThat(connection.injectedAgentMessages(), is(empty()));
    }

    @Test
    void unknownTypeIsAViolation() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"Bogus\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(), contains(
                "unknown message type 'Bogus' (the agent answers UNPARSABLE_CLIENT_MESSAGE): {\"type\":\"Bogus\"}"));
    }

    @Test
    void newerTypesTheSpecDoesNotKnowAreViolations() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"ForceEndTurn\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(), hasSize(1));
        assertThat(connection.protocolViolations().get(0), startsWith("unknown message type 'ForceEndTurn'"));
    }

    @Test
    void invalidJsonAndNonObjectsAndMissingTypeAreViolations() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":");
        client.sendText("{\"type\":\"KeepAlive\"} {}");
        client.sendText("[1]");
        client.sendText("{\"kind\":\"KeepAlive\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(), contains(
                "text frame is not valid JSON: {\"type\":",
                "text frame is not valid JSON: {\"type\":\"KeepAlive\"} {}",
                "text frame is not a JSON object: [1]",
                "JSON message without a string 'type': {\"kind\":\"KeepAlive\"}"));
    }

    @Test
    void settingsViolatingTheSpecIsReportedAndNotApplied() throws InterruptedException {
        AgentConnection connection = connect();
        client.nextJson();
        JsonObject mp4 = Json.createPointer("/audio/input/encoding")
                .replace(DeepgramAgentSpec.telephonySettingsExample(), Json.createValue("mp4"));
        client.sendText(mp4.toString());

        assertThat(client.pollText(Duration.ofMillis(300)), is(nullValue()));
        assertThat(connection.settingsApplied(), is(false));
        assertThat(connection.protocolViolations(), hasSize(1));
        assertThat(connection.protocolViolations().get(0),
                startsWith("Settings violates the spec at /audio/input/encoding: does not have a value in the "
                        + "enumeration [\"linear16\""));
    }

    @Test
    void secondSettingsIsAViolation() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText(SETTINGS);
        client.roundTrip();

        assertThat(connection.protocolViolations(), contains("second Settings on one connection (SETTINGS_ALREADY_APPLIED)"));
    }

    @Test
    void fragmentedTextMessageIsReassembled() {
        AgentConnection connection = connect();
        client.nextJson();
        client.sendTextFragment(SETTINGS.substring(0, 40), false);
        client.sendTextFragment(SETTINGS.substring(40), true);

        assertThat(client.nextText(), is("{\"type\":\"SettingsApplied\"}"));
        assertThat(connection.protocolViolations(), is(empty()));
    }

    @Test
    void updatesAreAcknowledgedAndKeepAliveIsNot() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"KeepAlive\"}");
        client.sendText("{\"type\":\"UpdatePrompt\",\"prompt\":\"Be brief.\"}");
        client.sendText("{\"type\":\"UpdateSpeak\",\"speak\":{\"provider\":{\"type\":\"deepgram\",\"model\":\"aura-2-zeus-en\"}}}");

        assertThat(client.nextText(), is("{\"type\":\"PromptUpdated\"}"));
        assertThat(client.nextText(), is("{\"type\":\"SpeakUpdated\"}"));
        assertThat(connection.protocolViolations(), is(empty()));
    }

    @Test
    void functionCallRoundTripIsCleanAndMatchesTheSpec() {
        AgentConnection connection = connectAndApplySettings();
        FunctionCall call = new FunctionCall("fc_1", "lookup_order", "{\"order_id\":42}");
        connection.requestFunctions(call);

        JsonObject request = client.nextJson();
        assertValid(request, "AgentV1FunctionCallRequest");
        assertThat(request.toString(), is("{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_1\","
                + "\"name\":\"lookup_order\",\"arguments\":\"{\\\"order_id\\\":42}\",\"client_side\":true}]}"));

        String response = "{\"type\":\"FunctionCallResponse\",\"id\":\"fc_1\",\"name\":\"lookup_order\","
                + "\"content\":\"{\\\"status\\\":\\\"ready_for_pickup\\\"}\"}";
        client.sendText(response);
        assertThat(connection.awaitFunctionResponse("fc_1", WAIT).getString("content"), is("{\"status\":\"ready_for_pickup\"}"));
        assertThat(connection.protocolViolations(), is(empty()));

        client.sendText(response);
        client.roundTrip();
        assertThat(connection.protocolViolations(), contains("FunctionCallResponse for id 'fc_1' sent more than once"));
    }

    @Test
    void functionResponseForAnUnknownIdIsAViolation() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"FunctionCallResponse\",\"id\":\"fc_never\",\"name\":\"lookup_order\",\"content\":\"{}\"}");
        connection.awaitFunctionResponse("fc_never", WAIT);

        assertThat(connection.protocolViolations(),
                contains("FunctionCallResponse for id 'fc_never', which was never requested on this connection"));
    }

    @Test
    void functionResponseWithoutIdOrWithNonJsonContentOrWrongNameIsAViolation() {
        AgentConnection connection = connectAndApplySettings();
        FunctionCall first = FunctionCall.of("get_drug_info", "{\"drug_name\":\"aspirin\"}");
        FunctionCall second = FunctionCall.of("lookup_order", "{\"order_id\":1}");
        connection.requestFunctions(first, second);
        assertThat(client.nextJson().getJsonArray("functions"), hasSize(2));

        client.sendText("{\"type\":\"FunctionCallResponse\",\"name\":\"get_drug_info\",\"content\":\"{}\"}");
        client.sendText("{\"type\":\"FunctionCallResponse\",\"id\":\"" + first.id()
                + "\",\"name\":\"get_drug_info\",\"content\":\"5.99 Aspirin\"}");
        client.sendText("{\"type\":\"FunctionCallResponse\",\"id\":\"" + second.id()
                + "\",\"name\":\"get_drug_info\",\"content\":\"{}\"}");
        connection.awaitFunctionResponse(second.id(), WAIT);

        assertThat(connection.protocolViolations(), contains(
                "FunctionCallResponse without 'id' (required for client responses): "
                        + "{\"type\":\"FunctionCallResponse\",\"name\":\"get_drug_info\",\"content\":\"{}\"}",
                "FunctionCallResponse for id '" + first.id() + "': content is not JSON: 5.99 Aspirin",
                "FunctionCallResponse for id '" + second.id() + "' names 'get_drug_info' but the request named 'lookup_order'"));
    }

    @Test
    void functionResponseMissingContentViolatesTheSpec() {
        AgentConnection connection = connectAndApplySettings();
        client.sendText("{\"type\":\"FunctionCallResponse\",\"id\":\"fc_1\",\"name\":\"lookup_order\"}");
        client.roundTrip();

        assertThat(connection.protocolViolations(),
                contains("FunctionCallResponse violates the spec at /: required property 'content' not found"));
    }

    @Test
    void awaitingAResponseThatNeverComesFails() {
        AgentConnection connection = connectAndApplySettings();
        AssertionError error = assertThrows(AssertionError.class,
                () -> connection.awaitFunctionResponse("fc_x", Duration.ofMillis(100)));
        assertThat(error.getMessage(), is("no FunctionCallResponse for fc_x within PT0.1S"));
    }

    @Test
    void agentMessagesSentByTheHelpersMatchTheSpec() {
        AgentConnection connection = connectAndApplySettings();
        connection.sendConversationText("assistant", "Hello \"there\"");
        connection.sendUserStartedSpeaking();
        connection.sendAgentAudioDone();
        connection.sendError("CLIENT_MESSAGE_TIMEOUT", "We waited too long for a websocket message.");
        connection.cancelFunctions(new FunctionCall("call-1", "charge_card", "{}"));

        assertValid(client.nextJson(), "AgentV1ConversationText");
        assertValid(client.nextJson(), "AgentV1UserStartedSpeaking");
        assertValid(client.nextJson(), "AgentV1AgentAudioDone");
        assertValid(client.nextJson(), "AgentV1Error");
        assertThat(client.nextText(),
                is("{\"type\":\"FunctionCallCancelled\",\"functions\":[{\"id\":\"call-1\",\"name\":\"charge_card\"}]}"));
    }

    @Test
    void agentAudioArrivesAsBinaryFrames() {
        AgentConnection connection = connectAndApplySettings();
        byte[] speech = mulaw(3200, 3);
        connection.sendAudio(speech);

        assertArrayEquals(speech, client.nextBinary());
    }

    @Test
    void pingIsAnsweredWithPong() {
        connectAndApplySettings();
        client.sendPing(new byte[] {1, 2, 3});

        assertArrayEquals(new byte[] {1, 2, 3}, client.nextPong());
    }

    @Test
    void clientCloseIsSeenWithItsCode() {
        AgentConnection connection = connectAndApplySettings();
        assertThat(connection.awaitClosed(Duration.ofMillis(100)), is(false));
        client.close();

        assertThat(connection.awaitClosed(WAIT), is(true));
        assertThat(connection.closeCode(), is(1000));
    }

    @Test
    void droppedTcpConnectionCountsAsClosed() {
        AgentConnection connection = connectAndApplySettings();
        client.abort();

        assertThat(connection.awaitClosed(WAIT), is(true));
        assertThat(connection.closeCode(), is(-1));
    }

    @Test
    void agentCloseSendsNormalClosure() {
        AgentConnection connection = connectAndApplySettings();
        connection.close();

        assertThat(client.awaitCloseCode(), is(1000));
    }

    @Test
    void eachConnectionHasItsOwnState() {
        AgentConnection first = connectAndApplySettings();
        JdkWebSocketClient firstClient = client;
        AgentConnection second = connect();
        client.nextJson();
        client.sendBinary(mulaw(10, 0));
        second.awaitAudio(10, WAIT);

        assertThat(agent.connectionCount(), is(2));
        assertThat(agent.connections(), contains(first, second));
        assertThat(first.protocolViolations(), is(empty()));
        assertThat(second.protocolViolations(), hasSize(1));
        assertThat(first.receivedAudio().length, is(0));
        firstClient.close();
    }

    @Test
    void awaitingAConnectionThatNeverComesFails() {
        assertThrows(AssertionError.class, () -> agent.awaitConnection(Duration.ofMillis(100)));
    }

}
