package org.pharmacyvoice.adapters.twilio;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one Twilio Media Streams text frame into a {@link TwilioEvent}, or says precisely why it can't. Plain
 * {@code media} messages take {@link MediaFastPath}; everything else, and every message that path isn't sure of, is
 * read with JSON-P.
 */
final class TwilioEventReader {

    /** Looked up once: {@code Json.createReader} searches for the provider on every call, at ~40 KB a message. */
    static final JsonProvider JSON = JsonProvider.provider();

    /** A frame that is not a usable Twilio message. */
    static final class UnreadableMessage extends Exception {
        UnreadableMessage(String message) {
            super(message);
        }
    }

    private TwilioEventReader() {
    }

    static TwilioEvent read(String text) throws UnreadableMessage {
        return read(text, null);
    }

    /** The same, handing back {@code knownStreamSid} itself (no copy) when a media message names that stream. */
    static TwilioEvent read(String text, String knownStreamSid) throws UnreadableMessage {
        TwilioEvent.Media media = MediaFastPath.read(text, knownStreamSid);
        return media != null ? media : readJson(text);
    }

    /** The general reader: every event, every valid JSON spelling, and the precise reason for a bad message. */
    static TwilioEvent readJson(String text) throws UnreadableMessage {
        JsonObject json;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new UnreadableMessage("not a JSON object");
            }
            json = value.asJsonObject();
        } catch (JsonException e) {
            throw new UnreadableMessage("malformed JSON: " + e.getMessage());
        }
        String event = text(json, "event");
        if (event == null) {
            throw new UnreadableMessage("no 'event' field");
        }
        return switch (event) {
            case "connected" -> new TwilioEvent.Connected(text(json, "protocol"), text(json, "version"));
            case "start" -> start(json);
            case "media" -> media(json);
            case "dtmf" -> new TwilioEvent.Dtmf(text(json, "streamSid"), text(object(json, "dtmf"), "digit"));
            case "mark" -> new TwilioEvent.Mark(text(json, "streamSid"), required(object(json, "mark"), "name"));
            case "stop" -> new TwilioEvent.Stop(text(json, "streamSid"));
            default -> new TwilioEvent.Unknown(event);
        };
    }

    private static TwilioEvent.Start start(JsonObject json) throws UnreadableMessage {
        JsonObject start = object(json, "start");
        String streamSid = required(start, "streamSid");
        String callSid = required(start, "callSid");
        var parameters = new LinkedHashMap<String, String>();
        JsonValue custom = start.get("customParameters");
        if (custom != null && custom.getValueType() == JsonValue.ValueType.OBJECT) {
            for (Map.Entry<String, JsonValue> entry : custom.asJsonObject().entrySet()) {
                if (entry.getValue() instanceof JsonString s) {
                    parameters.put(entry.getKey(), s.getString());
                }
            }
        }
        JsonValue formatValue = start.get("mediaFormat");
        JsonObject format = formatValue instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        return new TwilioEvent.Start(streamSid, callSid, text(start, "accountSid"), parameters,
                text(format, "encoding"), integer(format, "sampleRate"), integer(format, "channels"));
    }

    private static TwilioEvent.Media media(JsonObject json) throws UnreadableMessage {
        JsonObject media = object(json, "media");
        String payload = required(media, "payload");
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new UnreadableMessage("media payload is not base64");
        }
        String track = text(media, "track");
        return new TwilioEvent.Media(text(json, "streamSid"), track == null ? "inbound" : track, audio);
    }

    private static JsonObject object(JsonObject json, String name) throws UnreadableMessage {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new UnreadableMessage("'" + name + "' is missing or not an object");
        }
        return value.asJsonObject();
    }

    private static String required(JsonObject json, String name) throws UnreadableMessage {
        String value = text(json, name);
        if (value == null) {
            throw new UnreadableMessage("'" + name + "' is missing or not a string");
        }
        return value;
    }

    private static String text(JsonObject json, String name) {
        return json.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static int integer(JsonObject json, String name) {
        return json.get(name) instanceof JsonNumber n ? n.intValue() : 0;
    }
}
