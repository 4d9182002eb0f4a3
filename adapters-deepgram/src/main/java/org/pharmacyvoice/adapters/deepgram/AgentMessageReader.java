package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.wire.MessageBounds;

/**
 * Reads Deepgram's JSON text frames into {@link ServerMessage}s. Deepgram keeps adding message types, so anything
 * unknown is informational rather than an error.
 *
 * <p>Whatever the text, the answer is a {@link ServerMessage}, never an exception: an exception would end the
 * socket's reader and with it the conversation. A message (and a tool call's arguments) is read only when it is one
 * JSON value within {@link MessageBounds}'s bounds and without duplicate keys; a {@code FunctionCallRequest} that is
 * not still has each of its calls answered (see {@link FunctionCallTriage}).
 */
final class AgentMessageReader {

    private static final System.Logger LOG = System.getLogger(AgentMessageReader.class.getName());
    /** Refuses duplicate keys with a {@code JsonParsingException} (JSON-P 2.1's standard setting). */
    private static final JsonReaderFactory READERS =
            JSON.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));
    /** Problems go into log lines and tool answers: no longer than this, no control characters. */
    private static final int MAX_PROBLEM_CHARS = 200;

    private final String callSid;

    AgentMessageReader(String callSid) {
        this.callSid = callSid;
    }

    /** Text that is not one JSON value within bounds; the message says why. */
    private static final class Unreadable extends Exception {
        Unreadable(String problem) {
            super(problem, null, false, false);
        }
    }

    ServerMessage read(String text) {
        try {
            return readWhole(text);
        } catch (RuntimeException | StackOverflowError e) {
            // The last resort: nothing below is known to throw on a screened message, and nothing may.
            return unreadable(text, "unreadable " + e.getClass().getSimpleName());
        }
    }

    private ServerMessage readWhole(String text) {
        JsonValue value;
        try {
            value = parse(text);
        } catch (Unreadable e) {
            return unreadable(text, e.getMessage());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return new ServerMessage.Malformed("not a JSON object");
        }
        JsonObject json = value.asJsonObject();
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
            // Our InjectAgentMessages are queued, which the spec has the agent never refuse: what it refuses is always
            // caller text (InjectUserMessage).
            case "InjectionRefused" -> event(new AgentEvent.CallerTextRefused(string(json, "message").orElse("")));
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
        return event(new AgentEvent.Latency(java.time.Duration.ofNanos((long) (seconds * 1e9)), DeepgramVoiceAgent.NAME));
    }

    private static ServerMessage event(AgentEvent event) {
        return new ServerMessage.Event(event);
    }

    private static ServerMessage conversationText(JsonObject json) {
        String content = string(json, "content").orElse("");
        return switch (string(json, "role").orElse("")) {
            case "user" -> event(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, content)));
            case "assistant" -> event(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, content)));
            default -> new ServerMessage.Malformed("ConversationText with unknown role: "
                    + fitForALogLine(String.valueOf(json.get("role"))));
        };
    }

    private ServerMessage functionCallRequest(JsonObject json) {
        JsonValue functions = json.get("functions");
        if (functions == null || functions.getValueType() != JsonValue.ValueType.ARRAY) {
            return new ServerMessage.Malformed("FunctionCallRequest without a 'functions' array");
        }
        var calls = new ArrayList<ToolCall>();
        var refused = new ArrayList<ServerMessage.RefusedCall>();
        for (JsonValue item : functions.asJsonArray()) {
            // What a call holds may be about the caller's health: the log names its shape, not its content.
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                LOG.log(Level.WARNING, "[{0}] skipping a function call that is not an object but {1}", callSid,
                        item.getValueType().name().toLowerCase(Locale.ROOT));
                continue;
            }
            JsonObject function = item.asJsonObject();
            Optional<String> id = string(function, "id");
            Optional<String> name = string(function, "name");
            if (id.isEmpty() || name.isEmpty()) {
                LOG.log(Level.WARNING, "[{0}] skipping a function call without {1}: nobody to answer", callSid,
                        id.isEmpty() ? "an id" : "a name");
                continue;
            }
            // client_side is required by the spec; if it is ever missing, answering is safer than leaving the
            // agent waiting for a reply nobody sends.
            if (!function.getBoolean("client_side", true)) {
                LOG.log(Level.DEBUG, "[{0}] server-side function call {1} ({2}) is Deepgram''s to run",
                        callSid, name.get(), id.get());
                continue;
            }
            Optional<String> unusableId = ToolCall.unusableId(id.get());
            if (unusableId.isPresent()) {
                refused.add(new ServerMessage.RefusedCall(id.get(), name.get(), unusableId.get()));
            } else {
                calls.add(toolCall(id.get(), name.get(), function.get("arguments")));
            }
        }
        if (!refused.isEmpty()) {
            return new ServerMessage.TroubledRequest("", calls, refused);
        }
        if (calls.isEmpty()) {
            return new ServerMessage.Informational("FunctionCallRequest", "no client-side function calls");
        }
        return event(new AgentEvent.ToolCallsRequested(calls));
    }

    /**
     * A call with its raw arguments kept for the records, parsed when they are a JSON object (as a string, as the
     * spec says, or as an object), else with the reason they are not.
     */
    static ToolCall toolCall(String id, String name, JsonValue arguments) {
        if (arguments == null || arguments.getValueType() == JsonValue.ValueType.NULL) {
            return new ToolCall(id, name, "", Optional.empty(), "no arguments");
        }
        if (arguments.getValueType() == JsonValue.ValueType.OBJECT) {
            // Not what the spec says (it sends a string), but unambiguous; screened with the whole message.
            return new ToolCall(id, name, arguments.toString(),
                    Optional.of(new ToolArguments(JsonValues.toJavaMap(arguments.asJsonObject()))));
        }
        if (arguments.getValueType() != JsonValue.ValueType.STRING) {
            return new ToolCall(id, name, arguments.toString(), Optional.empty(), "not a JSON object");
        }
        String raw = ((JsonString) arguments).getString();
        try {
            JsonValue value = parse(raw);
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return new ToolCall(id, name, raw, Optional.empty(), "not a JSON object");
            }
            return new ToolCall(id, name, raw,
                    Optional.of(new ToolArguments(JsonValues.toJavaMap(value.asJsonObject()))));
        } catch (Unreadable e) {
            return new ToolCall(id, name, raw, Optional.empty(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new ToolCall(id, name, raw, Optional.empty(), "unreadable " + e.getClass().getSimpleName());
        }
    }

    /** The arguments of a tool call when {@code raw} is a JSON object, else empty. */
    static Optional<ToolArguments> parseArguments(String raw) {
        return toolCall("", "", JSON.createValue(raw)).arguments();
    }

    /** One JSON value within {@link MessageBounds}'s bounds and without duplicate keys. */
    private static JsonValue parse(String text) throws Unreadable {
        String problem = MessageBounds.problem(text);
        if (problem != null) {
            throw new Unreadable(problem);
        }
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw new Unreadable(fitForALogLine("malformed JSON: " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // The screen keeps JSON-P away from the inputs known to make it throw anything else.
            throw new Unreadable("unreadable JSON: " + e.getClass().getSimpleName());
        }
    }

    /**
     * A message that can't be read whole is malformed, unless it is a {@code FunctionCallRequest} whose calls can
     * still be told apart: those are answered (with an error) rather than left waiting.
     */
    private static ServerMessage unreadable(String text, String problem) {
        String reason = fitForALogLine(problem);
        List<FunctionCallTriage.NamedCall> named = FunctionCallTriage.calls(text);
        if (named.isEmpty()) {
            return new ServerMessage.Malformed(reason);
        }
        var toRun = new ArrayList<ToolCall>();
        var refused = new ArrayList<ServerMessage.RefusedCall>();
        for (FunctionCallTriage.NamedCall call : named) {
            Optional<String> unusableId = ToolCall.unusableId(call.id());
            if (unusableId.isPresent()) {
                refused.add(new ServerMessage.RefusedCall(call.id(), call.name(), unusableId.get()));
            } else {
                toRun.add(new ToolCall(call.id(), call.name(), "", Optional.empty(),
                        "the request could not be read: " + reason));
            }
        }
        return new ServerMessage.TroubledRequest(reason, toRun, refused);
    }

    /** At most {@link #MAX_PROBLEM_CHARS} characters, each control character as {@code ?}. */
    static String fitForALogLine(String text) {
        String clipped = text.length() <= MAX_PROBLEM_CHARS ? text : text.substring(0, MAX_PROBLEM_CHARS) + "...";
        var out = new StringBuilder(clipped.length());
        for (int i = 0; i < clipped.length(); i++) {
            char c = clipped.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
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
