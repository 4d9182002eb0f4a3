package org.pharmacyvoice.adapters.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.pharmacyvoice.adapters.llm.ChatCompletionsModelStreamingTest.CALL;
import static org.pharmacyvoice.adapters.llm.ChatCompletionsModelStreamingTest.QUESTION;
import static org.pharmacyvoice.adapters.llm.ChatCompletionsModelStreamingTest.WAIT;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.cascade.port.out.ModelTurn;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolJson;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** What goes on the wire: the URL, the headers per auth style, and the request body, byte for byte. */
class ChatCompletionsModelRequestTest {

    private final StubChatServer server = StubChatServer.start();

    @AfterEach
    void shutDown() {
        server.close();
    }

    private StubChatServer.Received ask(LanguageModelSettings settings, ModelRequest request) throws Exception {
        try (var model = new ChatCompletionsModel(settings)) {
            var listener = new RecordingListener();
            model.reply(CALL, request, listener);
            assertEquals(ModelEvent.Finished.class, listener.end(WAIT).getClass());
        }
        assertThat(server.requests(), hasSize(1));
        return server.requests().get(0);
    }

    @Test
    void the_conversation_tools_and_results_are_sent_as_chat_completions_messages() throws Exception {
        var request = new ModelRequest("You are the phone agent of Main Street Pharmacy.",
                List.of(ToolSpec.of("check_order_status", "Looks up a prescription order.",
                                ToolParameter.text("rx_number", "The Rx number.").maxLength(20),
                                ToolParameter.integer("refills", "How many.").between(0, 5).optional()),
                        ToolSpec.of("set_pickup", "Sets how the order is collected.",
                                ToolParameter.text("how", "").oneOf("store", "delivery"),
                                ToolParameter.flag("urgent", "Today?").optional())),
                List.of(new ModelTurn.CallerSaid("Is order RX-4417 ready?"),
                        new ModelTurn.AgentSaid("Let me look.", List.of(new ToolCall("call_Aa1",
                                "check_order_status", "{\"rx_number\": \"RX-4417\"}",
                                Optional.of(ToolArguments.of("rx_number", "RX-4417"))))),
                        new ModelTurn.ToolAnswered("call_Aa1", "check_order_status",
                                ToolResult.success("status", "ready", "shelf", 12L)),
                        new ModelTurn.AgentSaid("", List.of(ToolCall.of("call_Bb2", "set_pickup",
                                ToolArguments.of("how", "delivery")))),
                        new ModelTurn.ToolAnswered("call_Bb2", "set_pickup",
                                ToolResult.failure("Not \"available\".", "Ask.")),
                        new ModelTurn.AgentSaid("It's ready; delivery isn't available.", List.of()),
                        new ModelTurn.AgentSaid("", List.of()),
                        new ModelTurn.CallerSaid("Thanks, bye.")));

        StubChatServer.Received received = ask(LanguageModelSettings.openAi("sk-test-key", "gpt-4o-mini")
                .withBaseUrl(server.baseUrl()), request);

        assertEquals("POST", received.method());
        assertEquals("/v1/chat/completions", received.path());
        assertEquals(Optional.empty(), received.query());
        assertEquals(Optional.of("Bearer sk-test-key"), received.header("Authorization"));
        assertEquals(Optional.empty(), received.header("api-key"));
        assertEquals(Optional.of("application/json"), received.header("Content-Type"));
        assertEquals(Optional.of("text/event-stream"), received.header("Accept"));
        assertEquals(json("""
                {"model":"gpt-4o-mini","messages":[
                  {"role":"system","content":"You are the phone agent of Main Street Pharmacy."},
                  {"role":"user","content":"Is order RX-4417 ready?"},
                  {"role":"assistant","content":"Let me look.","tool_calls":[{"id":"call_Aa1","type":"function",
                    "function":{"name":"check_order_status","arguments":"{\\"rx_number\\": \\"RX-4417\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_Aa1","content":"{\\"status\\":\\"ready\\",\\"shelf\\":12}"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_Bb2","type":"function",
                    "function":{"name":"set_pickup","arguments":"{\\"how\\":\\"delivery\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_Bb2",
                   "content":"{\\"error\\":\\"Not \\\\\\"available\\\\\\".\\",\\"ask_caller\\":\\"Ask.\\"}"},
                  {"role":"assistant","content":"It's ready; delivery isn't available."},
                  {"role":"user","content":"Thanks, bye."}],
                 "stream":true,"temperature":0.7,
                 "tools":[
                  {"type":"function","function":{"name":"check_order_status",
                    "description":"Looks up a prescription order.",
                    "parameters":{"type":"object","properties":{
                      "rx_number":{"type":"string","description":"The Rx number.","minLength":1,"maxLength":20},
                      "refills":{"type":"integer","description":"How many.","minimum":0,"maximum":5}},
                     "required":["rx_number"],"additionalProperties":false}}},
                  {"type":"function","function":{"name":"set_pickup","description":"Sets how the order is collected.",
                    "parameters":{"type":"object","properties":{
                      "how":{"type":"string","enum":["store","delivery"],"minLength":1,"maxLength":200},
                      "urgent":{"type":"boolean","description":"Today?"}},
                     "required":["how"],"additionalProperties":false}}}]}
                """), received.json());
        // The tool result's content is exactly what the domain's ToolJson writes, byte for byte.
        assertEquals(ToolJson.of(ToolResult.success("status", "ready", "shelf", 12L)),
                received.json().getJsonArray("messages").getJsonObject(3).getString("content"));
    }

    @Test
    void azure_gets_its_deployment_path_api_version_and_api_key_header() throws Exception {
        var settings = LanguageModelSettings.azure(URI.create(server.baseUrl().toString().replace("/v1", "")),
                "pharmacy-gpt4o", "2024-10-21", "azure-key-123");

        StubChatServer.Received received = ask(settings, QUESTION);

        assertEquals("/openai/deployments/pharmacy-gpt4o/chat/completions", received.path());
        assertEquals(Optional.of("api-version=2024-10-21"), received.query());
        assertEquals(Optional.of("azure-key-123"), received.header("api-key"));
        assertEquals(Optional.empty(), received.header("Authorization"));
    }

    @Test
    void a_local_server_gets_no_key_and_no_temperature_when_none_is_set() throws Exception {
        var settings = LanguageModelSettings.local(server.baseUrl(), "llama3.1:8b").withTemperature(Optional.empty());

        StubChatServer.Received received = ask(settings, new ModelRequest("Be brief.", List.of(),
                List.of(new ModelTurn.CallerSaid("Hello?"))));

        assertEquals(Optional.empty(), received.header("Authorization"));
        assertEquals(Optional.empty(), received.header("api-key"));
        assertEquals(json("""
                {"model":"llama3.1:8b","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Hello?"}],"stream":true}
                """), received.json());
        assertFalse(received.json().containsKey("tools"), "an empty tools array is refused by OpenAI");
    }

    @Test
    void the_body_is_utf_8() throws Exception {
        StubChatServer.Received received = ask(LanguageModelSettings.openAi("k", "m").withBaseUrl(server.baseUrl()),
                new ModelRequest("", List.of(), List.of(new ModelTurn.CallerSaid("Grüße, ½ tablet 💊"))));

        assertEquals("Grüße, ½ tablet 💊", received.json().getJsonArray("messages").getJsonObject(0)
                .getString("content"));
    }

    private static JsonObject json(String text) {
        try (var reader = JsonValues.JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
