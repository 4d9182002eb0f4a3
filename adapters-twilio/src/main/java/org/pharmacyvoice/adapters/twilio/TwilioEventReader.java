package org.pharmacyvoice.adapters.twilio;

import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pharmacyvoice.domain.wire.MessageBounds;

/**
 * Reads one Twilio Media Streams text frame into a {@link TwilioEvent}, or says precisely why it can't. Plain
 * {@code media} messages take {@link MediaFastPath}; everything else, and every message that path isn't sure of, is
 * read with JSON-P.
 *
 * <p>Whatever the text, the answer is an event or {@link UnreadableMessage}, never another exception. A message is
 * unreadable unless it is exactly one JSON object within {@link MessageBounds}'s bounds and without duplicate keys:
 * with duplicates, two readers could each pick a different value (JSON-P keeps the last one, the fast path none).
 */
final class TwilioEventReader {

    /** Looked up once: {@code Json.createReader} searches for the provider on every call, at ~40 KB a message. */
    static final JsonProvider JSON = JsonProvider.provider();
    /** Refuses duplicate keys with a {@code JsonParsingException} (JSON-P 2.1's standard setting). */
    private static final JsonReaderFactory READERS =
            JSON.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));
    /** Twilio's SIDs have 34 characters; the database keeps 64. */
    static final int MAX_SID_CHARS = 64;
    /** The sixteen keys of a DTMF keypad; A to D exist on some phones only. */
    private static final String KEYPAD_KEYS = "0123456789*#ABCD";
    /** Reasons go into one log line each: no longer than this, no control characters. */
    private static final int MAX_REASON_CHARS = 200;

    /** A frame that is not a usable Twilio message; its message is the reason, fit for one log line. */
    static final class UnreadableMessage extends Exception {
        UnreadableMessage(String message) {
            super(printable(message));
        }
    }

    private TwilioEventReader() {
    }

    static TwilioEvent read(String text) throws UnreadableMessage {
        return read(text, null);
    }

    /** The same, handing back {@code knownStreamSid} itself (no copy) when a media message names that stream. */
    static TwilioEvent read(String text, String knownStreamSid) throws UnreadableMessage {
        TwilioEvent.Media media;
        try {
            media = MediaFastPath.read(text, knownStreamSid);
        } catch (RuntimeException e) {
            // Hand-written code on every frame: should it ever trip over a message, JSON-P still answers right.
            media = null;
        }
        return media != null ? media : readJson(text);
    }

    /** The general reader: every event, every valid JSON spelling, and the precise reason for a bad message. */
    static TwilioEvent readJson(String text) throws UnreadableMessage {
        try {
            return event(parse(text));
        } catch (RuntimeException | StackOverflowError e) {
            // Nothing here is known to throw on any text; should anything, it is one more bad message.
            throw new UnreadableMessage("unreadable " + e.getClass().getSimpleName());
        }
    }

    /** The message as one JSON object, or why it isn't one. */
    private static JsonObject parse(String text) throws UnreadableMessage {
        String problem = MessageBounds.problem(text);
        if (problem != null) {
            throw new UnreadableMessage(problem);
        }
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new UnreadableMessage("not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new UnreadableMessage("malformed JSON: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // The last resort: the screen keeps JSON-P away from the inputs that make it throw anything else
            // (see MessageBounds), but a parser is not ours to trust with a call.
            throw new UnreadableMessage("unreadable JSON: " + e.getClass().getSimpleName());
        }
    }

    private static TwilioEvent event(JsonObject json) throws UnreadableMessage {
        String event = text(json, "event");
        if (event == null) {
            throw new UnreadableMessage("no 'event' field");
        }
        return switch (event) {
            case "connected" -> new TwilioEvent.Connected(text(json, "protocol"), text(json, "version"));
            case "start" -> start(json);
            case "media" -> media(json);
            case "dtmf" -> dtmf(json);
            case "mark" -> new TwilioEvent.Mark(text(json, "streamSid"), required(object(json, "mark"), "name"));
            case "stop" -> new TwilioEvent.Stop(text(json, "streamSid"));
            default -> new TwilioEvent.Unknown(event);
        };
    }

    private static TwilioEvent.Start start(JsonObject json) throws UnreadableMessage {
        JsonObject start = object(json, "start");
        String streamSid = sid(start, "streamSid");
        String callSid = sid(start, "callSid");
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

    /** One key press: {@code digit} is one key of a keypad, or the message is not one Twilio sends. */
    private static TwilioEvent.Dtmf dtmf(JsonObject json) throws UnreadableMessage {
        String digit = required(object(json, "dtmf"), "digit");
        // Neither reason echoes the text: a peer's "digit" might be a whole date of birth.
        if (digit.length() != 1) {
            throw new UnreadableMessage("dtmf 'digit' has " + digit.length() + " characters instead of one key");
        }
        if (KEYPAD_KEYS.indexOf(digit.charAt(0)) < 0) {
            throw new UnreadableMessage("dtmf 'digit' is no key of a keypad");
        }
        return new TwilioEvent.Dtmf(text(json, "streamSid"), digit);
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

    /**
     * A call's or stream's SID, which names the call in every log line and database row: Twilio's are 34 letters
     * and digits, so anything blank, longer than {@link #MAX_SID_CHARS} or with control characters is refused.
     */
    private static String sid(JsonObject json, String name) throws UnreadableMessage {
        String value = required(json, name);
        if (value.isBlank() || value.length() > MAX_SID_CHARS || !RequestGuard.printable(value).equals(value)) {
            throw new UnreadableMessage("'" + name + "' is not a usable SID");
        }
        return value;
    }

    private static String text(JsonObject json, String name) {
        return json.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static int integer(JsonObject json, String name) {
        return json.get(name) instanceof JsonNumber n ? n.intValue() : 0;
    }

    /** At most {@link #MAX_REASON_CHARS} characters, control characters shown as {@code ?}. */
    private static String printable(String reason) {
        String text = String.valueOf(reason);
        if (text.length() > MAX_REASON_CHARS) {
            text = text.substring(0, MAX_REASON_CHARS) + "...";
        }
        return RequestGuard.printable(text);
    }
}
