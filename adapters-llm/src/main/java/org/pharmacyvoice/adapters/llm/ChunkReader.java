package org.pharmacyvoice.adapters.llm;

import static org.pharmacyvoice.adapters.llm.JsonValues.JSON;

import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.wire.MessageBounds;

/**
 * Reads the {@code data:} of one streamed event into a {@link Chunk}, and a tool call's assembled arguments into
 * {@link ToolArguments}. Whatever the text, the answer is a value, never an exception: text is parsed only when it
 * is one JSON value within {@link MessageBounds}'s bounds and without duplicate keys.
 *
 * <p>Only the first choice counts (a voice agent asks for one). Fields a chunk may carry that are not for the
 * caller's ears are skipped: {@code logprobs}, {@code usage}, Azure's {@code content_filter_results} and a reasoning
 * model's {@code reasoning_content} or {@code reasoning}. A {@code refusal} is text the model wants said, and is.
 */
final class ChunkReader {

    /** Refuses duplicate keys with a {@code JsonParsingException} (JSON-P 2.1's standard setting). */
    private static final JsonReaderFactory READERS =
            JSON.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private ChunkReader() {
    }

    /** Text that is not one JSON value within bounds; the message says why. */
    private static final class Unparsable extends Exception {
        Unparsable(String problem) {
            super(problem, null, false, false);
        }
    }

    /** One event's data, as a chunk; {@code eventName} is its {@code event:} field (empty without one). */
    static Chunk read(String eventName, String data) {
        if (data.strip().equals("[DONE]")) {
            return new Chunk.Done();
        }
        try {
            return readJson(eventName, data);
        } catch (RuntimeException | StackOverflowError e) {
            // The last resort: nothing below is known to throw on screened text, and nothing may.
            return new Chunk.Unreadable("unreadable chunk: " + e.getClass().getSimpleName());
        }
    }

    private static Chunk readJson(String eventName, String data) {
        JsonValue value;
        try {
            value = parse(data);
        } catch (Unparsable e) {
            return new Chunk.Unreadable(e.getMessage());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return new Chunk.Unreadable("a chunk that is not a JSON object");
        }
        JsonObject json = value.asJsonObject();
        JsonValue error = json.get("error");
        if (error != null && error.getValueType() != JsonValue.ValueType.NULL) {
            return new Chunk.Error(ErrorBody.message(error).orElse("an error without a message"));
        }
        if (eventName.equals("error")) {
            return new Chunk.Error(ErrorBody.message(json).orElse("an error event without a message"));
        }
        JsonValue choices = json.get("choices");
        if (choices == null || choices.getValueType() == JsonValue.ValueType.NULL) {
            // A usage-only chunk, or a provider's bookkeeping: nothing for the caller.
            return new Chunk.Delta("", List.of(), Optional.empty());
        }
        if (choices.getValueType() != JsonValue.ValueType.ARRAY) {
            return new Chunk.Unreadable("'choices' is not an array");
        }
        for (JsonValue choice : choices.asJsonArray()) {
            if (choice.getValueType() != JsonValue.ValueType.OBJECT) {
                return new Chunk.Unreadable("a choice that is not an object");
            }
            JsonObject object = choice.asJsonObject();
            if (integer(object.get("index")).orElse(0) == 0) {
                return choice(object);
            }
        }
        // Azure's first chunk carries prompt_filter_results and no choices at all.
        return new Chunk.Delta("", List.of(), Optional.empty());
    }

    private static Chunk choice(JsonObject choice) {
        Optional<String> finishReason = text(choice.get("finish_reason"));
        JsonValue delta = choice.get("delta");
        if (delta == null || delta.getValueType() == JsonValue.ValueType.NULL) {
            return new Chunk.Delta("", List.of(), finishReason);
        }
        if (delta.getValueType() != JsonValue.ValueType.OBJECT) {
            return new Chunk.Unreadable("'delta' is not an object");
        }
        JsonObject fields = delta.asJsonObject();
        var text = new StringBuilder();
        for (String name : List.of("content", "refusal")) {
            JsonValue piece = fields.get(name);
            if (piece instanceof JsonString string) {
                text.append(string.getString());
            } else if (piece != null && piece.getValueType() != JsonValue.ValueType.NULL) {
                return new Chunk.Unreadable("'delta." + name + "' is not a string");
            }
        }
        JsonValue toolCalls = fields.get("tool_calls");
        var pieces = new ArrayList<Chunk.ToolCallPiece>();
        if (toolCalls != null && toolCalls.getValueType() != JsonValue.ValueType.NULL) {
            if (toolCalls.getValueType() != JsonValue.ValueType.ARRAY) {
                return new Chunk.Unreadable("'delta.tool_calls' is not an array");
            }
            for (JsonValue item : toolCalls.asJsonArray()) {
                if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                    return new Chunk.Unreadable("a tool call piece that is not an object");
                }
                JsonObject call = item.asJsonObject();
                JsonValue function = call.get("function");
                JsonObject functionFields = function != null && function.getValueType() == JsonValue.ValueType.OBJECT
                        ? function.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
                JsonValue arguments = functionFields.get("arguments");
                String argumentsText;
                if (arguments instanceof JsonString string) {
                    argumentsText = string.getString();
                } else if (arguments != null && arguments.getValueType() == JsonValue.ValueType.OBJECT) {
                    // Not the spec's (a string), but unambiguous: some local servers send the object itself.
                    argumentsText = arguments.toString();
                } else {
                    argumentsText = "";
                }
                pieces.add(new Chunk.ToolCallPiece(integer(call.get("index")).orElse(-1),
                        text(call.get("id")).orElse(""), text(functionFields.get("name")).orElse(""), argumentsText));
            }
        }
        return new Chunk.Delta(text.toString(), pieces, finishReason);
    }

    /**
     * A tool call with its raw arguments kept for the records (and for replaying to the model), read when they are
     * a JSON object, else with the reason they are not. No arguments at all count as an empty object: that is how
     * some servers write a call to a tool without parameters.
     */
    static ToolCall toolCall(String id, String name, String raw) {
        if (raw.isBlank()) {
            return new ToolCall(id, name, raw, Optional.of(new ToolArguments(Map.of())));
        }
        try {
            JsonValue value = parse(raw);
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return new ToolCall(id, name, raw, Optional.empty(), "not a JSON object");
            }
            return new ToolCall(id, name, raw,
                    Optional.of(new ToolArguments(JsonValues.toJavaMap(value.asJsonObject()))));
        } catch (Unparsable e) {
            return new ToolCall(id, name, raw, Optional.empty(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new ToolCall(id, name, raw, Optional.empty(), "unreadable " + e.getClass().getSimpleName());
        }
    }

    /** One JSON value within {@link MessageBounds}'s bounds and without duplicate keys. */
    static JsonValue parseBounded(String text) throws IllegalArgumentException {
        try {
            return parse(text);
        } catch (Unparsable e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static JsonValue parse(String text) throws Unparsable {
        String problem = MessageBounds.problem(text);
        if (problem != null) {
            throw new Unparsable(problem);
        }
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw new Unparsable(LogText.fit("malformed JSON: " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // The screen keeps JSON-P away from the inputs known to make it throw anything else.
            throw new Unparsable("unreadable JSON: " + e.getClass().getSimpleName());
        }
    }

    private static Optional<String> text(JsonValue value) {
        return value instanceof JsonString string ? Optional.of(string.getString()) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return Optional.of(number.intValueExact());
            } catch (ArithmeticException tooBig) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
