package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolJson;
import org.pharmacyvoice.domain.tool.ToolResult;

class ClientMessagesTest {

    private static final ToolCall CALL = ToolCall.of("fc_12345678-90ab", "lookup_order",
            ToolArguments.of("order_id", 42));

    @Test
    void successIsAnsweredWithTheDataAsJsonString() {
        JsonObject response = ClientMessages.functionCallResponse(CALL,
                ToolResult.success("order_id", 42L, "status", "ready_for_pickup", "price", new BigDecimal("7.99")));

        assertThat(response.keySet(), is(java.util.Set.of("type", "id", "name", "content")));
        assertThat(response.getString("type"), is("FunctionCallResponse"));
        assertThat(response.getString("id"), is("fc_12345678-90ab"));
        assertThat(response.getString("name"), is("lookup_order"));
        assertThat(response.getString("content"),
                is("{\"order_id\":42,\"status\":\"ready_for_pickup\",\"price\":7.99}"));
    }

    @Test
    void everyJsonLikeValueKeepsItsShapeAndOtherValuesBecomeText() {
        JsonObject content = FakeDeepgram.parse(ToolJson.of(ToolResult.success(
                "count", 3, "flag", true, "nothing", null, "list", Arrays.asList(1L, "a", null),
                "nested", Map.of("k", List.of(false)), "date", LocalDate.of(2026, 3, 1), "ratio", 0.5,
                "not_a_number", Double.NaN)));

        assertThat(content, is(FakeDeepgram.parse("{\"count\":3,\"flag\":true,\"nothing\":null,"
                + "\"list\":[1,\"a\",null],\"nested\":{\"k\":[false]},\"date\":\"2026-03-01\",\"ratio\":0.5,"
                + "\"not_a_number\":\"NaN\"}")));
    }

    @Test
    void failureIsAnsweredWithErrorAndWhatToAskTheCaller() {
        JsonObject response = ClientMessages.functionCallResponse(CALL,
                ToolResult.failure("No order 42 was found.", "Ask the caller to read the order number again."));

        assertThat(FakeDeepgram.parse(response.getString("content")), is(FakeDeepgram.parse(
                "{\"error\":\"No order 42 was found.\",\"ask_caller\":\"Ask the caller to read the order number again.\"}")));
    }

    @Test
    void failureWithoutAdviceLeavesAskCallerOut() {
        JsonObject response = ClientMessages.functionCallResponse(CALL, ToolResult.failure("The tool failed.", ""));

        assertThat(response.getString("content"), is("{\"error\":\"The tool failed.\"}"));
    }

    @Test
    void callerTextIsInjectedAsTheUsersMessageWithTheTextAsContent() {
        JsonObject inject = ClientMessages.injectUserMessage("The caller typed on the keypad: 1234567");

        assertThat(inject.toString(),
                is("{\"type\":\"InjectUserMessage\",\"content\":\"The caller typed on the keypad: 1234567\"}"));
    }

    @Test
    void agentTextIsAQueuedInjectAgentMessageWithTheTextAsMessage() {
        JsonObject inject = ClientMessages.injectAgentMessage("Are you still there?");

        assertThat(inject.toString(),
                is("{\"type\":\"InjectAgentMessage\",\"message\":\"Are you still there?\",\"behavior\":\"queue\"}"));
    }

    @Test
    void keepAliveIsTheBareTypeMessage() {
        assertThat(ClientMessages.KEEP_ALIVE, is("{\"type\":\"KeepAlive\"}"));
    }

    @Test
    void answersKeepAlivesCallerAndAgentTextMatchDeepgramsPublishedSchema() {
        JsonObject response = ClientMessages.functionCallResponse(CALL, ToolResult.success("ok", true));

        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1SendFunctionCallResponse"), response),
                is(empty()));
        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1KeepAlive"),
                FakeDeepgram.parse(ClientMessages.KEEP_ALIVE)), is(empty()));
        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1InjectUserMessage"),
                ClientMessages.injectUserMessage("The caller typed on the keypad: 1234567")), is(empty()));
        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1InjectAgentMessage"),
                ClientMessages.injectAgentMessage("One moment while I look that up.")), is(empty()));
    }

    @Test
    void theSchemaCheckWouldCatchAnInjectionWithTheWrongField() {
        JsonObject wrong = FakeDeepgram.parse("{\"type\":\"InjectUserMessage\",\"message\":\"1234567\"}");

        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1InjectUserMessage"), wrong),
                not(empty()));
    }

    @Test
    void theSchemaCheckWouldCatchAnAgentInjectionWithTheSdksWrongFieldOrAnUnknownBehavior() {
        JsonObject content = FakeDeepgram.parse("{\"type\":\"InjectAgentMessage\",\"content\":\"Hello\"}");
        JsonObject behavior = FakeDeepgram.parse(
                "{\"type\":\"InjectAgentMessage\",\"message\":\"Hello\",\"behavior\":\"later\"}");

        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1InjectAgentMessage"), content),
                not(empty()));
        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1InjectAgentMessage"), behavior),
                not(empty()));
    }
}
