package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * A business tool of one's own, registered with one line ({@code PharmacyVoiceServer.start(config, List.of(tool))}):
 * the agent is told about it in its Settings, and calling it gets the tool's answer.
 */
class AddYourOwnToolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    @Test
    void registeredToolIsInTheAgentsSettingsAfterThePharmacyToolsWithItsSchema() {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of(), List.of(new DeliveryAreaTool()));
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);

            var functions = agent.settings().getJsonObject("agent").getJsonObject("think")
                    .getJsonArray("functions").getValuesAs(JsonObject.class);

            assertThat(functions.stream().map(f -> f.getString("name")).toList(), contains("verify_caller",
                    "get_drug_info", "place_order", "request_refill", "refill_status", "list_prescriptions",
                    "lookup_order", "find_my_orders", "cancel_order", "store_hours", "read_message", "stop_calls", "delivery_area",
                    "transfer_to_pharmacist", "end_call"));
            // After the pharmacy's own tools; only the call's own endings come after it.
            assertThat(functions.get(functions.size() - 3), is(json("""
                    {"name":"delivery_area",
                     "description":"Tell the caller whether the pharmacy delivers to their part of town, on which days and for what fee.",
                     "parameters":{"type":"object",
                                   "properties":{"area":{"type":"string",
                                                         "description":"The caller's part of town, in lower case.",
                                                         "enum":["downtown","riverside","hillcrest","elsewhere"],
                                                         "minLength":1,"maxLength":200}},
                                   "required":["area"],
                                   "additionalProperties":false}}""")));
            assertThat("Settings still valid by Deepgram's schema", agent.protocolViolations(), is(empty()));
        }
    }

    @Test
    void agentCallingTheToolGetsItsAnswerAndBadArgumentsAreRefusedBeforeItRuns() {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of(), List.of(new DeliveryAreaTool()));
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            var riverside = FunctionCall.of("delivery_area", "{\"area\":\"riverside\"}");
            var atlantis = FunctionCall.of("delivery_area", "{\"area\":\"atlantis\"}");

            agent.requestFunctions(riverside, atlantis);

            JsonObject answer = agent.awaitFunctionResponse(riverside.id(), WAIT);
            assertThat(answer.getString("name"), is("delivery_area"));
            assertThat(answer.getString("content"), is("{\"area\":\"riverside\",\"delivers\":true,"
                    + "\"days\":\"Tuesday and Friday\",\"fee\":\"4.99\"}"));
            JsonObject refused = json(agent.awaitFunctionResponse(atlantis.id(), WAIT).getString("content"));
            assertThat(refused.getString("error"), is("The arguments for delivery_area were not accepted: area must "
                    + "be one of downtown, riverside, hillcrest, elsewhere."));
            assertThat(agent.protocolViolations(), is(empty()));
        }
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
