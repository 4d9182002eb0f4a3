package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentBriefing;

class SettingsMessageTest {

    private static final DeepgramSettings SETTINGS = DeepgramSettings.defaults(Fixtures.API_KEY);

    @Test
    void settingsDeclarePhoneAudioBothWaysWithoutContainer() {
        JsonObject settings = SettingsMessage.build(SETTINGS, Fixtures.briefing());

        assertThat(settings.getString("type"), is("Settings"));
        assertThat(settings.getJsonArray("tags"), is(FakeDeepgram.parse("{\"t\":[\"pharmacy-voice-agent\"]}")
                .getJsonArray("t")));
        assertThat(settings.getJsonObject("audio"), is(FakeDeepgram.parse("{"
                + "\"input\":{\"encoding\":\"mulaw\",\"sample_rate\":8000},"
                + "\"output\":{\"encoding\":\"mulaw\",\"sample_rate\":8000,\"container\":\"none\"}}")));
    }

    @Test
    void settingsUseTheConfiguredModels() {
        var custom = new DeepgramSettings(URI.create("wss://api.eu.deepgram.com/v1/agent/converse"), "k",
                "nova-3-medical", "anthropic", "claude-3-5-haiku-latest", 0.3, "aura-2-zeus-en",
                Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(5));

        JsonObject agent = SettingsMessage.build(custom, Fixtures.briefing()).getJsonObject("agent");

        assertThat(agent.getJsonObject("listen"), is(FakeDeepgram.parse(
                "{\"provider\":{\"type\":\"deepgram\",\"model\":\"nova-3-medical\"}}")));
        assertThat(agent.getJsonObject("think").getJsonObject("provider"), is(FakeDeepgram.parse(
                "{\"type\":\"anthropic\",\"model\":\"claude-3-5-haiku-latest\",\"temperature\":0.3}")));
        assertThat(agent.getJsonObject("speak"), is(FakeDeepgram.parse(
                "{\"provider\":{\"type\":\"deepgram\",\"model\":\"aura-2-zeus-en\"}}")));
    }

    @Test
    void defaultsThinkWithGpt4oMiniAtPointSeven() {
        JsonObject provider = SettingsMessage.build(SETTINGS, Fixtures.briefing())
                .getJsonObject("agent").getJsonObject("think").getJsonObject("provider");

        assertThat(provider, is(FakeDeepgram.parse(
                "{\"type\":\"open_ai\",\"model\":\"gpt-4o-mini\",\"temperature\":0.7}")));
    }

    @Test
    void briefingGivesPromptGreetingAndOneFunctionPerTool() {
        JsonObject agent = SettingsMessage.build(SETTINGS, Fixtures.briefing()).getJsonObject("agent");

        JsonObject think = agent.getJsonObject("think");
        assertThat(think.getString("prompt"), is(Fixtures.PROMPT));
        assertThat(agent.getString("greeting"), is(Fixtures.GREETING));
        assertThat(think.getJsonArray("functions"), contains(
                FunctionSchemas.function(Fixtures.drugInfo()),
                FunctionSchemas.function(Fixtures.placeOrder()),
                FunctionSchemas.function(Fixtures.lookupOrder())));
        assertThat(agent.containsKey("context"), is(false));
    }

    @Test
    void emptyGreetingIsLeftOutSoTheAgentWaitsForTheCaller() {
        var briefing = new AgentBriefing(Fixtures.PROMPT, "", List.of(), List.of());

        JsonObject agent = SettingsMessage.build(SETTINGS, briefing).getJsonObject("agent");

        assertThat(agent.containsKey("greeting"), is(false));
        assertThat(agent.getJsonObject("think").getJsonArray("functions"), is(empty()));
    }

    @Test
    void earlierConversationIsReplayedAsHistoryWithUserAndAssistantRoles() {
        JsonObject agent = SettingsMessage.build(SETTINGS, Fixtures.briefingWithHistory()).getJsonObject("agent");

        assertThat(agent.getJsonObject("context"), is(FakeDeepgram.parse("{\"messages\":["
                + "{\"type\":\"History\",\"role\":\"user\",\"content\":\"Is my order ready?\"},"
                + "{\"type\":\"History\",\"role\":\"assistant\",\"content\":\"Let me check that for you.\"}]}")));
    }

    @Test
    void settingsMatchDeepgramsPublishedSchema() {
        JsonObject schema = SchemaCheck.clientMessage("AgentV1Settings");

        assertThat(schema.getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString),
                contains("type", "audio", "agent"));
        assertThat(SchemaCheck.problems(schema, SettingsMessage.build(SETTINGS, Fixtures.briefing())), is(empty()));
        assertThat(SchemaCheck.problems(schema, SettingsMessage.build(SETTINGS, Fixtures.briefingWithHistory())),
                is(empty()));
    }

    @Test
    void schemaCheckCatchesBrokenSettings() {
        JsonObject schema = SchemaCheck.clientMessage("AgentV1Settings");
        JsonObject valid = SettingsMessage.build(SETTINGS, Fixtures.briefing());
        JsonObject withoutAgent = JsonValues.JSON.createObjectBuilder(valid).remove("agent").build();
        JsonObject badEncoding = JsonValues.JSON.createObjectBuilder(valid).add("audio", FakeDeepgram.parse(
                "{\"input\":{\"encoding\":\"ulaw\",\"sample_rate\":8000}}")).build();

        assertThat(SchemaCheck.problems(schema, withoutAgent), contains("$: missing required field 'agent'"));
        assertThat(SchemaCheck.problems(schema, badEncoding).size(), is(1));
    }
}
