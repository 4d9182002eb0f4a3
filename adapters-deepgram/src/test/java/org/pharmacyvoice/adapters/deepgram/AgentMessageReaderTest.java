package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;

class AgentMessageReaderTest {

    private final AgentMessageReader reader = new AgentMessageReader(Fixtures.CALL.callSid());

    private AgentEvent event(String json) {
        ServerMessage message = reader.read(json);
        assertThat(message, instanceOf(ServerMessage.Event.class));
        return ((ServerMessage.Event) message).event();
    }

    @Test
    void welcomeCarriesTheRequestId() {
        assertThat(reader.read(FakeDeepgram.WELCOME),
                is(new ServerMessage.Welcome("fc553ec9-5874-49ca-a47c-b670d525a4b1")));
    }

    @Test
    void settingsAppliedMeansReady() {
        assertThat(event("{\"type\":\"SettingsApplied\"}"), is(new AgentEvent.Ready()));
    }

    @Test
    void conversationTextBecomesTranscriptLineOfCallerOrAgent() {
        assertThat(event("{\"type\":\"ConversationText\",\"role\":\"user\",\"content\":\"Tell me about ibuprofen\"}"),
                is(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "Tell me about ibuprofen"))));
        assertThat(event("{\"type\":\"ConversationText\",\"role\":\"assistant\",\"content\":\"Sure.\"}"),
                is(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, "Sure."))));
    }

    @Test
    void speakingMarkersBecomeTheirEvents() {
        assertThat(event("{\"type\":\"UserStartedSpeaking\"}"), is(new AgentEvent.CallerStartedSpeaking()));
        assertThat(event("{\"type\":\"AgentStartedSpeaking\",\"total_latency\":\"0.9\",\"tts_latency\":0.2}"),
                is(new AgentEvent.AgentStartedSpeaking()));
        assertThat(event("{\"type\":\"AgentAudioDone\"}"), is(new AgentEvent.AgentAudioDone()));
    }

    @Test
    void warningAndErrorKeepCodeAndDescription() {
        assertThat(event("{\"type\":\"Warning\",\"description\":\"Prompt too long\",\"code\":\"PROMPT_TOO_LONG\"}"),
                is(new AgentEvent.Warning("PROMPT_TOO_LONG", "Prompt too long")));
        assertThat(event("{\"type\":\"Error\",\"description\":\"We waited too long\",\"code\":\"CLIENT_MESSAGE_TIMEOUT\"}"),
                is(new AgentEvent.Failed("CLIENT_MESSAGE_TIMEOUT", "We waited too long")));
    }

    @Test
    void functionCallRequestBecomesOneEventWithEveryClientSideCall() {
        AgentEvent event = event("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"fc_1\",\"name\":\"get_drug_info\",\"arguments\":\"{\\\"drug_name\\\":\\\"ibuprofen\\\"}\",\"client_side\":true},"
                + "{\"id\":\"fc_2\",\"name\":\"query_database\",\"arguments\":\"{}\",\"client_side\":false},"
                + "{\"id\":\"fc_3\",\"name\":\"lookup_order\",\"arguments\":\"{\\\"order_id\\\":42}\",\"client_side\":true}]}");

        assertThat(event, is(new AgentEvent.ToolCallsRequested(List.of(
                new ToolCall("fc_1", "get_drug_info", "{\"drug_name\":\"ibuprofen\"}",
                        Optional.of(ToolArguments.of("drug_name", "ibuprofen"))),
                new ToolCall("fc_3", "lookup_order", "{\"order_id\":42}",
                        Optional.of(ToolArguments.of("order_id", 42L)))))));
    }

    @Test
    void functionCallRequestWithOnlyServerSideCallsRaisesNoEvent() {
        ServerMessage message = reader.read("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"fc_2\",\"name\":\"query_database\",\"arguments\":\"{}\",\"client_side\":false}]}");

        assertThat(message, instanceOf(ServerMessage.Informational.class));
    }

    @Test
    void argumentValuesBecomeTheDomainsJavaTypes() {
        Optional<ToolArguments> arguments = AgentMessageReader.parseArguments("{\"text\":\"a\",\"whole\":42,"
                + "\"exponent\":1e2,\"decimal\":7.99,\"huge\":123456789012345678901234567890,\"yes\":true,"
                + "\"nothing\":null,\"list\":[1,\"two\",false],\"nested\":{\"n\":-3}}");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("text", "a");
        expected.put("whole", 42L);
        expected.put("exponent", new BigDecimal("1E+2")); // written with an exponent: not integral to JSON-P
        expected.put("decimal", new BigDecimal("7.99"));
        expected.put("huge", new BigDecimal("123456789012345678901234567890"));
        expected.put("yes", true);
        expected.put("nothing", null);
        expected.put("list", Arrays.asList(1L, "two", false));
        expected.put("nested", Map.of("n", -3L));
        assertThat(arguments, is(Optional.of(new ToolArguments(expected))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"order_id\":", "[1,2]", "\"42\"", "42", "", "null"})
    void argumentsThatAreNotAJsonObjectAreEmptyButKeptRaw(String raw) {
        String json = JsonValues.JSON.createObjectBuilder()
                .add("type", "FunctionCallRequest")
                .add("functions", JsonValues.JSON.createArrayBuilder().add(JsonValues.JSON.createObjectBuilder()
                        .add("id", "fc_9").add("name", "lookup_order").add("arguments", raw).add("client_side", true)))
                .build().toString();

        var requested = (AgentEvent.ToolCallsRequested) event(json);

        ToolCall call = requested.calls().getFirst();
        assertThat(List.of(call.id(), call.toolName(), call.rawArguments()), contains("fc_9", "lookup_order", raw));
        assertThat(call.arguments(), is(Optional.empty()));
        assertThat(call.argumentsProblem(), is(raw.startsWith("{") || raw.isEmpty()
                ? call.argumentsProblem().startsWith("malformed JSON: ") ? call.argumentsProblem() : "?"
                : "not a JSON object"));
    }

    @Test
    void missingArgumentsGiveAnEmptyCallThatStillGetsAnswered() {
        var requested = (AgentEvent.ToolCallsRequested) event("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"fc_4\",\"name\":\"lookup_order\",\"client_side\":true}]}");

        assertThat(requested.calls(), contains(new ToolCall("fc_4", "lookup_order", "", Optional.empty())));
    }

    @Test
    void argumentsSentAsObjectInsteadOfStringAreStillRead() {
        var requested = (AgentEvent.ToolCallsRequested) event("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"fc_5\",\"name\":\"lookup_order\",\"arguments\":{\"order_id\":7},\"client_side\":true}]}");

        assertThat(requested.calls().getFirst().arguments(), is(Optional.of(ToolArguments.of("order_id", 7L))));
    }

    @Test
    void callsWithoutIdOrNameAreSkipped() {
        var requested = (AgentEvent.ToolCallsRequested) event("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"name\":\"lookup_order\",\"arguments\":\"{}\",\"client_side\":true},"
                + "{\"id\":\"fc_6\",\"arguments\":\"{}\",\"client_side\":true},"
                + "{\"id\":\"fc_7\",\"name\":\"get_drug_info\",\"arguments\":\"{}\",\"client_side\":true}]}");

        assertThat(requested.calls().stream().map(ToolCall::id).toList(), contains("fc_7"));
    }

    @Test
    void functionCallCancelledListsTheIds() {
        assertThat(event("{\"type\":\"FunctionCallCancelled\",\"functions\":["
                        + "{\"id\":\"call-1\",\"name\":\"charge_card\"},{\"id\":\"call-2\",\"name\":\"place_order\"}]}"),
                is(new AgentEvent.ToolCallsCancelled(List.of("call-1", "call-2"))));
    }

    @Test
    void latencyReportGivesTheTurnsTotalLatencyWhetherNumberOrNumericString() {
        assertThat(event("{\"type\":\"LatencyReport\",\"stt_latency\":0.12,\"total_latency\":\"0.64\"}"),
                is(new AgentEvent.Latency(java.time.Duration.ofMillis(640), "deepgram")));
        assertThat(event("{\"type\":\"LatencyReport\",\"total_latency\":1.5}"),
                is(new AgentEvent.Latency(java.time.Duration.ofMillis(1500), "deepgram")));
    }

    @Test
    void injectionRefusedMeansTheCallerTextSentLastWasNotTaken() {
        assertThat(event("{\"type\":\"InjectionRefused\",\"message\":\"agent is speaking\"}"),
                is(new AgentEvent.CallerTextRefused("agent is speaking")));
        assertThat("the spec requires a message; its absence costs nothing",
                event("{\"type\":\"InjectionRefused\"}"), is(new AgentEvent.CallerTextRefused("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"History\",\"role\":\"assistant\",\"content\":\"Hi\"}",
            "{\"type\":\"LatencyReport\",\"stt_latency\":0.12}",
            "{\"type\":\"LatencyReport\",\"total_latency\":\"soon\"}",
            "{\"type\":\"LatencyReport\",\"total_latency\":-1}",
            "{\"type\":\"AgentThinking\",\"content\":\"...\"}",
            "{\"type\":\"PromptUpdated\"}",
            "{\"type\":\"SomethingDeepgramAddsNextYear\",\"x\":1}"})
    void informationalAndUnknownTypesRaiseNoEvent(String json) {
        assertThat(reader.read(json), instanceOf(ServerMessage.Informational.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2,3]", "\"Welcome\"", "{\"role\":\"user\"}", "{\"type\":42}", "",
            "{\"type\":\"ConversationText\",\"role\":\"narrator\",\"content\":\"x\"}",
            "{\"type\":\"FunctionCallRequest\",\"functions\":{}}"})
    void unreadableFramesAreMalformed(String text) {
        assertThat(reader.read(text), instanceOf(ServerMessage.Malformed.class));
    }

    /** The shapes that made Parsson 1.1.6 throw out of the reader (ending the connection), or that it let through. */
    static Stream<Arguments> nastyShapes() {
        return Stream.of(
                Arguments.of("a 2,000-digit number", "{\"n\":" + "7".repeat(2000) + "}",
                        "a number of more than 40 characters"),
                Arguments.of("an exponent past int", "{\"n\":1e9999999999}",
                        "a number with an exponent of more than 3 digits"),
                Arguments.of("a huge exponent", "{\"n\":1e999999999}",
                        "a number with an exponent of more than 3 digits"),
                Arguments.of("100,000 [", "{\"n\":" + "[".repeat(100_000) + "}", "nested deeper than 32 levels"),
                Arguments.of("5,000 nested objects", "{\"n\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001),
                        "nested deeper than 32 levels"),
                Arguments.of("duplicate keys", "{\"drug_name\":\"a\",\"drug_name\":\"b\"}",
                        "malformed JSON: Duplicate key 'drug_name' is not allowed"),
                Arguments.of("an escaped NUL", "{\"drug_name\":\"a\\u0000\"}", "a NUL character in a string"),
                Arguments.of("an escaped lone surrogate", "{\"drug_name\":\"\\udbff\"}",
                        "half a surrogate pair in a string"),
                Arguments.of("a second value", "{\"drug_name\":\"a\"} {}", "text after the JSON value"));
    }

    /** The same shapes as values inside a message (where a second value is just malformed JSON). */
    static Stream<Arguments> nastyValues() {
        return nastyShapes().filter(shape -> !shape.get()[0].equals("a second value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyValues")
    void aWholeMessageOfANastyShapeIsMalformedForItsReason(String shape, String nasty, String reason) {
        String message = "{\"type\":\"History\",\"role\":\"assistant\",\"x\":" + nasty + "}";

        assertThat(reader.read(message), equalTo(new ServerMessage.Malformed(reason)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyShapes")
    void nastyArgumentsInAStringReachTheToolboxAsUnreadableWithTheirReason(String shape, String nasty,
                                                                           String reason) {
        String json = JsonValues.JSON.createObjectBuilder()
                .add("type", "FunctionCallRequest")
                .add("functions", JsonValues.JSON.createArrayBuilder().add(JsonValues.JSON.createObjectBuilder()
                        .add("id", "fc_n").add("name", "get_drug_info").add("arguments", nasty)
                        .add("client_side", true)))
                .build().toString();

        var requested = (AgentEvent.ToolCallsRequested) event(json);

        assertThat(requested.calls(), contains(new ToolCall("fc_n", "get_drug_info", nasty, Optional.empty(), reason)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyValues")
    void nastyArgumentsAsAnObjectStillGetTheirCallAnswered(String shape, String nasty, String reason) {
        String message = "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_o\",\"name\":"
                + "\"get_drug_info\",\"arguments\":" + nasty + ",\"client_side\":true},{\"id\":\"fc_p\",\"name\":"
                + "\"lookup_order\",\"arguments\":\"{}\",\"client_side\":true}]}";

        var first = new ToolCall("fc_o", "get_drug_info", "", Optional.empty(), "the request could not be read: " + reason);
        var second = new ToolCall("fc_p", "lookup_order", "", Optional.empty(), "the request could not be read: " + reason);

        // 100,000 unclosed brackets swallow the rest of the text: the second call is never named.
        assertThat(reader.read(message), equalTo(new ServerMessage.TroubledRequest(reason,
                shape.equals("100,000 [") ? List.of(first) : List.of(first, second), List.of())));
    }

    @Test
    void aRequestThatBreaksOffInItsArgumentsStillGetsTheCallsItNamedAnswered() {
        String message = "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_a\",\"name\":\"lookup_order\","
                + "\"arguments\":\"{}\"},{\"id\":\"fc_b\",\"name\":\"get_drug_info\",\"arguments\":" + "[".repeat(100_000);

        var troubled = (ServerMessage.TroubledRequest) reader.read(message);

        assertThat(troubled.problem(), equalTo("nested deeper than 32 levels"));
        assertThat(troubled.toRun().stream().map(ToolCall::id).toList(), contains("fc_a", "fc_b"));
    }

    @Test
    void aCallWithAThousandCharacterIdIsRefusedAndTheOthersRun() {
        String longId = "f".repeat(1000);

        ServerMessage message = reader.read("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"" + longId + "\",\"name\":\"lookup_order\",\"arguments\":\"{}\",\"client_side\":true},"
                + "{\"id\":\"fc_ok\",\"name\":\"lookup_order\",\"arguments\":\"{\\\"order_id\\\":7}\","
                + "\"client_side\":true},"
                + "{\"id\":\"fc\\n2\",\"name\":\"get_drug_info\",\"arguments\":\"{}\",\"client_side\":true}]}");

        assertThat(message, equalTo(new ServerMessage.TroubledRequest("",
                List.of(new ToolCall("fc_ok", "lookup_order", "{\"order_id\":7}",
                        Optional.of(ToolArguments.of("order_id", 7L)))),
                List.of(new ServerMessage.RefusedCall(longId, "lookup_order", "an id of 1000 characters (at most 128)"),
                        new ServerMessage.RefusedCall("fc\n2", "get_drug_info", "an id with control characters")))));
    }

    @Test
    void anUnreadableRequestWithAnUnusableIdIsRefusedToo() {
        ServerMessage message = reader.read("{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\""
                + "g".repeat(200) + "\",\"name\":\"lookup_order\",\"arguments\":" + "[".repeat(40) + "]".repeat(40)
                + ",\"client_side\":true}]}");

        assertThat(message, equalTo(new ServerMessage.TroubledRequest("nested deeper than 32 levels", List.of(),
                List.of(new ServerMessage.RefusedCall("g".repeat(200), "lookup_order",
                        "an id of 200 characters (at most 128)")))));
    }

    @Test
    void anUnreadableMessageThatIsNoFunctionCallRequestIsMalformed() {
        assertThat(reader.read("{\"type\":\"FunctionCallCancelled\",\"functions\":[{\"id\":\"fc_1\","
                        + "\"n\":" + "9".repeat(50) + "}]}"),
                equalTo(new ServerMessage.Malformed("a number of more than 40 characters")));
    }

    @Test
    void aLongProblemIsShortenedToOneLine() {
        String key = "k\\n".repeat(500);

        var malformed = (ServerMessage.Malformed) reader.read("{\"" + key + "\":1,\"" + key + "\":1}");

        assertThat(malformed.problem(), startsWith("malformed JSON: Duplicate key 'k?k?k?"));
        assertThat(malformed.problem().length(), equalTo(203));
    }

    @Test
    void triageFindsTheClientSideCallsOfABrokenRequest() {
        assertThat(FunctionCallTriage.calls("{\"functions\":[{\"name\":\"a\\u0062c\",\"arguments\":{\"x\":[[\"]\"]]},"
                        + "\"id\":\"fc\\\"1\"},{\"id\":\"fc_2\",\"name\":\"d\",\"client_side\":false},7,"
                        + "{\"id\":\"fc_3\"}], \"type\" : \"FunctionCallRequest\"}"),
                contains(new FunctionCallTriage.NamedCall("fc\"1", "abc")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"type\":\"FunctionCallCancelled\",\"functions\":[{\"id\":\"a\",\"name\":\"b\"}]}",
            "{\"functions\":[{\"id\":\"a\",\"name\":\"b\"}],\"type\":\"FunctionCallRe",
            "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"a\\x\",\"name\":\"b\"}]}",
            "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"a\",\"arguments\":[[[,\"name\":\"b\"}]}"})
    void triageFindsNothingInWhatIsNoRequestOrNamesNoWholeCall(String text) {
        assertThat(FunctionCallTriage.calls(text), empty());
    }
}
