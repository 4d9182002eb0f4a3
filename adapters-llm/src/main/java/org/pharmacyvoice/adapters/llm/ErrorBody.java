package org.pharmacyvoice.adapters.llm;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * The message of an error the service sent: OpenAI's and Azure's {@code {"error": {"message", "type", "code"}}},
 * Ollama's {@code {"error": "text"}}, or a {@code message} or {@code detail} at the top (vLLM's FastAPI answers).
 * Fit for a log line; the request's content is never echoed back by these services' errors, but a message is
 * clipped anyway.
 */
final class ErrorBody {

    private ErrorBody() {
    }

    /** The message in an error body's text, or empty when there is none to be read. */
    static Optional<String> message(String body) {
        try {
            return message(ChunkReader.parseBounded(body));
        } catch (IllegalArgumentException notJson) {
            return Optional.empty();
        }
    }

    /** The message of an {@code error} value, or of a whole error body. */
    static Optional<String> message(JsonValue value) {
        if (value instanceof JsonString text) {
            return nonBlank(text.getString());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return Optional.empty();
        }
        JsonObject object = value.asJsonObject();
        JsonValue error = object.get("error");
        if (error != null && error.getValueType() != JsonValue.ValueType.NULL && error != value) {
            Optional<String> inner = message(error);
            if (inner.isPresent()) {
                return inner;
            }
        }
        for (String name : new String[] {"message", "detail"}) {
            if (object.get(name) instanceof JsonString text && !text.getString().isBlank()) {
                return Optional.of(LogText.fit(code(object.get("code")) + text.getString()));
            }
        }
        return Optional.empty();
    }

    /** {@code "[code] "} when the error names a code (Azure's "429", OpenAI's "invalid_api_key"), else nothing. */
    private static String code(JsonValue code) {
        if (code instanceof JsonString text && !text.getString().isBlank()) {
            return "[" + text.getString() + "] ";
        }
        if (code != null && code.getValueType() == JsonValue.ValueType.NUMBER) {
            return "[" + code + "] ";
        }
        return "";
    }

    private static Optional<String> nonBlank(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(LogText.fit(text));
    }
}
