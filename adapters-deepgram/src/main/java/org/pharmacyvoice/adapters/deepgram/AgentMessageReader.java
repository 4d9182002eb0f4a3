package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.model.AgentEvent;
import org.pharmacyvoice.domain.model.ConversationLine;
import org.pharmacyvoice.domain.model.Speaker;
import org.pharmacyvoice.domain.model.ToolArguments;
import org.pharmacyvoice.domain.model.ToolCall;

/**
 * Reads Deepgram's JSON text frames into {@link ServerMessage}s. Deepgram keeps adding message types, so anything
 * unknown is informational rather than an error.
 */
final class AgentMessageReader {

    private static final System.Logger LOG = System.getLogger(AgentMessageReader.class.getName());

    private final String callSid;

    AgentMessageReader(String callSid) {
        this.callSid = callSid;
    }

    ServerMessage read(String text) {
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return new ServerMessage.Malformed("not a JSON object");
            }
            json = value.asJsonObject();
        } catch (JsonException e) {
            return new ServerMessage.Malformed("malformed JSON: " + e.getMessage());
        }
        Optional<String> type = string(json, "type");
        if (type.isEmpty()) {
            return new ServerMessage.Malformed("no 'type' field");
        }
        return switch (type.get()) {
            case "Welcome" -> new ServerMessage.Welcome(string(json, "request_id").orElse(""));
            case "SettingsApplied" -> event(new AgentEvent.Ready());
            case "ConversationText" -> conversationText(json);
            case "UserStartedSpeaking" -> event(new AgentEvent.CallerStartedSpeaking());
            case "AgentStartedSpeaking" -> event(new AgentEvent.AgentStartedSpeaking());
            case "AgentAudioDone" -> event(new AgentEvent.AgentAudioDone());
            case "FunctionCallRequest" -> functionCallRequest(json);
            case "FunctionCallCancelled" -> functionCallCancelled(json);
            case "Warning" -> event(new AgentEvent.Warning(string(json, "code").orElse(""),
                    string(json, "description").orElse("")));
            case "Error" -> event(new AgentEvent.Failed(string(json, "code").orElse(""),
                    string(json, "description").orElse(string(json, "message").orElse(""))));
            case "LatencyReport" -> latency(json, "LatencyReport", text);
            default -> new ServerMessage.Informational(type.get(), text);
        };
    }

    /** Latency fields are numbers in one version of the spec and numeric strings in another: accept both. */
    private static ServerMessage latency(JsonObject json, String type, String text) {
        JsonValue total = json.get("total_latency");
        Double seconds = null;
        if (total instanceof jakarta.json.JsonNumber number) {
            seconds = number.doubleValue();
        } else if (total instanceof JsonString string) {
            try {
                seconds = Double.parseDouble(string.getString().trim());
            } catch (NumberFormatException e) {
                seconds = null;
            }
        }
        if (seconds == null || seconds < 0 || seconds.isNaN() || seconds.isInfinite() || seconds > 3600) {
            return new ServerMessage.Informational(type, text);
        }
        return event(new AgentEvent.Latency(java.time.Duration.ofNanos((long) (seconds * 1e9))));
    }

    private static ServerMessage event(AgentEvent event) {
        return new ServerMessage.Event(event);
    }

    private static ServerMessage conversationText(JsonObject json) {
        String content = string(json, "content").orElse("");
        return switch (string(json, "role").orElse("")) {
            case "user" -> event(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, content)));
            case "assistant" -> event(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, content)));
            default -> new ServerMessage.Malformed("ConversationText with unknown role: " + json.get("role"));
        };
    }

    private ServerMessage functionCallRequest(JsonObject json) {
        JsonValue functions = json.get("functions");
        if (functions == null || functions.getValueType() != JsonValue.ValueType.ARRAY) {
            return new ServerMessage.Malformed("FunctionCallRequest without a 'functions' array");
        }
        var calls = new ArrayList<ToolCall>();
        for (JsonValue item : functions.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                LOG.log(Level.WARNING, "[{0}] skipping a function call that is not an object: {1}", callSid, item);
                continue;
            }
            JsonObject function = item.asJsonObject();
            Optional<String> id = string(function, "id");
            Optional<String> name = string(function, "name");
            if (id.isEmpty() || name.isEmpty()) {
                LOG.log(Level.WARNING, "[{0}] skipping a function call without id or name: {1}", callSid, function);
                continue;
            }
            // client_side is required by the spec; if it is ever missing, answering is safer than leaving the
            // agent waiting for a reply nobody sends.
            if (function.getBoolean("client_side", true)) {
                calls.add(toolCall(id.get(), name.get(), function.get("arguments")));
            } else {
                LOG.log(Level.DEBUG, "[{0}] server-side function call {1} ({2}) is Deepgram''s to run",
                        callSid, name.get(), id.get());
            }
        }
        if (calls.isEmpty()) {
            return new ServerMessage.Informational("FunctionCallRequest", "no client-side function calls");
        }
        return event(new AgentEvent.ToolCallsRequested(calls));
    }

    /** A call with its raw arguments kept for the logs, and parsed when they are a JSON object. */
    static ToolCall toolCall(String id, String name, JsonValue arguments) {
        if (arguments == null || arguments.getValueType() == JsonValue.ValueType.NULL) {
            return new ToolCall(id, name, "", Optional.empty());
        }
        if (arguments.getValueType() == JsonValue.ValueType.OBJECT) {
            // Not what the spec says (it sends a string), but unambiguous.
            return new ToolCall(id, name, arguments.toString(),
                    Optional.of(new ToolArguments(JsonValues.toJavaMap(arguments.asJsonObject()))));
        }
        if (arguments.getValueType() != JsonValue.ValueType.STRING) {
            return new ToolCall(id, name, arguments.toString(), Optional.empty());
        }
        String raw = ((JsonString) arguments).getString();
        return new ToolCall(id, name, raw, parseArguments(raw));
    }

    /** The arguments of a tool call when {@code raw} is a JSON object, else empty. */
    static Optional<ToolArguments> parseArguments(String raw) {
        try (JsonReader reader = JSON.createReader(new StringReader(raw))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Optional.empty();
            }
            return Optional.of(new ToolArguments(JsonValues.toJavaMap(value.asJsonObject())));
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    private static ServerMessage functionCallCancelled(JsonObject json) {
        JsonValue functions = json.get("functions");
        if (functions == null || functions.getValueType() != JsonValue.ValueType.ARRAY) {
            return new ServerMessage.Malformed("FunctionCallCancelled without a 'functions' array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonValue item : functions.asJsonArray()) {
            if (item.getValueType() == JsonValue.ValueType.OBJECT) {
                string(item.asJsonObject(), "id").ifPresent(ids::add);
            }
        }
        if (ids.isEmpty()) {
            return new ServerMessage.Informational("FunctionCallCancelled", "no ids");
        }
        return event(new AgentEvent.ToolCallsCancelled(ids));
    }

    private static Optional<String> string(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString text ? Optional.of(text.getString()) : Optional.empty();
    }
}
