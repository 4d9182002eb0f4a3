package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * Builds the one {@code Settings} message a conversation starts with: phone audio in and out, the configured
 * models, and the call's briefing (prompt, greeting, tools, earlier conversation).
 */
final class SettingsMessage {

    static final String TAG = "pharmacy-voice-agent";

    /** Twilio Media Streams carry 8 kHz μ-law; the agent takes and returns it as is, so nothing is transcoded. */
    private static final String PHONE_ENCODING = "mulaw";
    private static final int PHONE_SAMPLE_RATE = 8000;

    private SettingsMessage() {
    }

    static JsonObject build(DeepgramSettings settings, AgentBriefing briefing) {
        return JSON.createObjectBuilder()
                .add("type", "Settings")
                .add("tags", JSON.createArrayBuilder().add(TAG))
                .add("audio", audio())
                .add("agent", agent(settings, briefing))
                .build();
    }

    private static JsonObject audio() {
        return JSON.createObjectBuilder()
                .add("input", JSON.createObjectBuilder()
                        .add("encoding", PHONE_ENCODING)
                        .add("sample_rate", PHONE_SAMPLE_RATE))
                .add("output", JSON.createObjectBuilder()
                        .add("encoding", PHONE_ENCODING)
                        .add("sample_rate", PHONE_SAMPLE_RATE)
                        // The default already, but a WAV header would click at the start of every chunk.
                        .add("container", "none"))
                .build();
    }

    private static JsonObject agent(DeepgramSettings settings, AgentBriefing briefing) {
        JsonObjectBuilder agent = JSON.createObjectBuilder()
                .add("listen", provider(JSON.createObjectBuilder()
                        .add("type", "deepgram")
                        .add("model", settings.listenModel())))
                .add("think", think(settings, briefing))
                .add("speak", provider(JSON.createObjectBuilder()
                        .add("type", "deepgram")
                        .add("model", settings.speakModel())));
        if (!briefing.greeting().isEmpty()) {
            agent.add("greeting", briefing.greeting());
        }
        if (!briefing.history().isEmpty()) {
            agent.add("context", JSON.createObjectBuilder().add("messages", history(briefing)));
        }
        return agent.build();
    }

    private static JsonObject think(DeepgramSettings settings, AgentBriefing briefing) {
        JsonArrayBuilder functions = JSON.createArrayBuilder();
        for (ToolSpec tool : briefing.tools()) {
            functions.add(FunctionSchemas.function(tool));
        }
        return JSON.createObjectBuilder()
                .add("provider", JSON.createObjectBuilder()
                        .add("type", settings.thinkProvider())
                        .add("model", settings.thinkModel())
                        .add("temperature", settings.thinkTemperature()))
                .add("prompt", briefing.prompt())
                .add("functions", functions)
                .build();
    }

    private static JsonObject provider(JsonObjectBuilder provider) {
        return JSON.createObjectBuilder().add("provider", provider).build();
    }

    private static JsonArrayBuilder history(AgentBriefing briefing) {
        JsonArrayBuilder messages = JSON.createArrayBuilder();
        for (ConversationLine line : briefing.history()) {
            messages.add(JSON.createObjectBuilder()
                    .add("type", "History")
                    .add("role", line.speaker() == Speaker.CALLER ? "user" : "assistant")
                    .add("content", line.text()));
        }
        return messages;
    }
}
