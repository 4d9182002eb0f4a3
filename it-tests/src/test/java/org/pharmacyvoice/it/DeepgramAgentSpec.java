package org.pharmacyvoice.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** Gives tests and fakes the Deepgram Voice Agent message schemas from the pinned copy of deepgram-agent-v1-messages.json. */
public final class DeepgramAgentSpec {

    /** Classpath location of the verbatim copy of {@code shared/reference/deepgram-agent-v1-messages.json}. */
    public static final String MESSAGES_RESOURCE = "/deepgram/deepgram-agent-v1-messages.json";
    /** Classpath location of the telephony {@code Settings} example of deepgram-voice-agent.md §3.1. */
    public static final String TELEPHONY_SETTINGS_RESOURCE = "/deepgram/settings-telephony-example.json";

    private static final JsonObject DOCUMENT = readJsonResource(MESSAGES_RESOURCE);
    private static final Map<String, JsonObject> CLIENT_MESSAGES_BY_TYPE = byTypeDiscriminator(DOCUMENT.getJsonObject("client_to_server"));

    private DeepgramAgentSpec() {
    }

    /** Payload schema of a client→server message, e.g. {@code clientToServer("AgentV1Settings")}. */
    public static JsonObject clientToServer(String messageName) {
        return payload("client_to_server", messageName);
    }

    /** Payload schema of a server→client message, e.g. {@code serverToClient("AgentV1Welcome")}. */
    public static JsonObject serverToClient(String messageName) {
        return payload("server_to_client", messageName);
    }

    /**
     * The client→server JSON payload schema whose {@code type} enum is {@code type} (e.g. "FunctionCallResponse" →
     * AgentV1SendFunctionCallResponse); empty for types the spec does not know.
     */
    public static Optional<JsonObject> clientMessageForType(String type) {
        return Optional.ofNullable(CLIENT_MESSAGES_BY_TYPE.get(type));
    }

    /** The {@code type} values of every client→server JSON message in the spec. */
    public static Set<String> clientMessageTypes() {
        return CLIENT_MESSAGES_BY_TYPE.keySet();
    }

    /** The telephony Settings example (µ-law 8 kHz) of deepgram-voice-agent.md §3.1. */
    public static JsonObject telephonySettingsExample() {
        return readJsonResource(TELEPHONY_SETTINGS_RESOURCE);
    }

    /** Reads a JSON object from the test classpath. */
    public static JsonObject readJsonResource(String resource) {
        try (InputStream in = DeepgramAgentSpec.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            try (JsonReader reader = Json.createReader(in)) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject payload(String direction, String messageName) {
        JsonObject message = DOCUMENT.getJsonObject(direction).getJsonObject(messageName);
        if (message == null) {
            throw new IllegalArgumentException("no " + direction + " message " + messageName + " in " + MESSAGES_RESOURCE);
        }
        return message.getJsonObject("payload");
    }

    private static Map<String, JsonObject> byTypeDiscriminator(JsonObject messages) {
        Map<String, JsonObject> byType = new LinkedHashMap<>();
        for (JsonValue message : messages.values()) {
            JsonObject payload = message.asJsonObject().getJsonObject("payload");
            JsonObject properties = payload.getJsonObject("properties");
            // AgentV1Media is the binary audio frame: no JSON properties, no type discriminator.
            if (properties != null && properties.containsKey("type")) {
                String type = properties.getJsonObject("type").getJsonArray("enum").getString(0);
                byType.put(type, payload);
            }
        }
        return Map.copyOf(byType);
    }
}
