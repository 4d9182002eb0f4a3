package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.wire.MessageBounds;

/**
 * Reads the JSON text frames of Deepgram's speech-to-text ({@code /v1/listen}) and text-to-speech
 * ({@code /v1/speak}) sockets into {@link SpeechMessage}s. Whatever the text, the answer is a message, never an
 * exception: an exception would end the socket's reader. A frame is parsed only when it is within
 * {@link MessageBounds}'s bounds, and must be one JSON object without duplicate keys.
 */
final class SpeechMessageReader {

    /** Refuses duplicate keys with a {@code JsonParsingException} (JSON-P 2.1's standard setting). */
    private static final JsonReaderFactory READERS =
            JSON.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private SpeechMessageReader() {
    }

    /**
     * A speech-to-text frame: {@code Results} (interim or final words; results without words are informational),
     * {@code SpeechStarted}, {@code UtteranceEnd}; {@code Metadata} and unknown types are informational.
     */
    static SpeechMessage listen(String text) {
        try {
            JsonObject json = object(text);
            if (json == null) {
                return unreadable(text);
            }
            String type = string(json, "type");
            if (type == null) {
                return new SpeechMessage.Malformed("no 'type' string");
            }
            return switch (type) {
                case "Results" -> results(json);
                case "SpeechStarted" -> new SpeechMessage.Recognised(new Heard.SpeechStarted());
                case "UtteranceEnd" -> new SpeechMessage.Recognised(new Heard.EndOfTurn());
                case "Error", "Warning" -> warning(json, type);
                default -> new SpeechMessage.Informational(type);
            };
        } catch (RuntimeException | StackOverflowError e) {
            // The last resort: nothing above is known to throw on a screened message, and nothing may.
            return new SpeechMessage.Malformed("unreadable " + e.getClass().getSimpleName());
        }
    }

    /** A text-to-speech frame: {@code Flushed}, {@code Cleared}, {@code Warning}; others are informational. */
    static SpeechMessage speak(String text) {
        try {
            JsonObject json = object(text);
            if (json == null) {
                return unreadable(text);
            }
            String type = string(json, "type");
            if (type == null) {
                return new SpeechMessage.Malformed("no 'type' string");
            }
            return switch (type) {
                case "Flushed" -> new SpeechMessage.Flushed();
                case "Cleared" -> new SpeechMessage.Cleared();
                case "Warning", "Error" -> warning(json, type);
                default -> new SpeechMessage.Informational(type);
            };
        } catch (RuntimeException | StackOverflowError e) {
            return new SpeechMessage.Malformed("unreadable " + e.getClass().getSimpleName());
        }
    }

    private static SpeechMessage results(JsonObject json) {
        if (!(json.get("channel") instanceof JsonObject channel)
                || !(channel.get("alternatives") instanceof JsonArray alternatives)) {
            return new SpeechMessage.Malformed("Results without channel.alternatives");
        }
        if (alternatives.isEmpty()) {
            return new SpeechMessage.Wordless();
        }
        if (!(alternatives.get(0) instanceof JsonObject best) || string(best, "transcript") == null) {
            return new SpeechMessage.Malformed("Results without a transcript string");
        }
        String transcript = string(best, "transcript").strip();
        boolean isFinal = flag(json, "is_final");
        boolean speechFinal = flag(json, "speech_final");
        if (!isFinal) {
            return transcript.isEmpty() ? new SpeechMessage.Wordless()
                    : new SpeechMessage.Recognised(new Heard.Interim(transcript));
        }
        // A final result without words still matters when it ends the turn (speech_final): the words came before.
        if (transcript.isEmpty() && !speechFinal) {
            return new SpeechMessage.Wordless();
        }
        return new SpeechMessage.Recognised(new Heard.Final(transcript, speechFinal));
    }

    private static SpeechMessage warning(JsonObject json, String type) {
        String code = string(json, "code");
        String description = string(json, "description");
        return new SpeechMessage.Warning(type, code == null ? "" : AgentMessageReader.fitForALogLine(code),
                description == null ? "" : AgentMessageReader.fitForALogLine(description));
    }

    /** The frame as a JSON object, or null when it is not one (see {@link #unreadable}). */
    private static JsonObject object(String text) {
        if (MessageBounds.problem(text) != null) {
            return null;
        }
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            return null;
        }
        return value instanceof JsonObject json ? json : null;
    }

    /** Why {@code text} could not be read as an object; what the caller said must not reach a log, so no excerpt. */
    private static SpeechMessage unreadable(String text) {
        String bounds = MessageBounds.problem(text);
        if (bounds != null) {
            return new SpeechMessage.Malformed(bounds);
        }
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            reader.readValue();
        } catch (JsonException e) {
            return new SpeechMessage.Malformed("malformed JSON (" + e.getClass().getSimpleName() + ")");
        }
        return new SpeechMessage.Malformed("not a JSON object");
    }

    private static String string(JsonObject json, String name) {
        return json.get(name) instanceof JsonString value ? value.getString() : null;
    }

    private static boolean flag(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value != null && value.getValueType() == JsonValue.ValueType.TRUE;
    }
}
