package org.pharmacyvoice.it.fakes;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Twilio's rules for what a server may send on a bidirectional Media Stream (twilio-media-streams.md §2):
 * only media, mark and clear, with exactly the documented fields and the active streamSid.
 */
final class TwilioInboundRules {

    private TwilioInboundRules() {
    }

    /** Problems with {@code message}; {@code streamSid} is the one sent in start, or null if start was not sent yet. */
    static List<String> check(JsonObject message, String streamSid) {
        List<String> problems = new ArrayList<>();
        if (!(message.get("event") instanceof JsonString eventValue)) {
            problems.add("no string 'event' (31951)");
            return problems;
        }
        String event = eventValue.getString();
        if (streamSid == null) {
            problems.add(event + " sent before Twilio sent start (no streamSid yet, 31951)");
        } else if (!(message.get("streamSid") instanceof JsonString sid)) {
            problems.add(event + " without a string 'streamSid' (31951)");
        } else if (!sid.getString().equals(streamSid)) {
            problems.add(event + " carries streamSid " + sid.getString() + " but the stream is " + streamSid + " (31951)");
        }
        switch (event) {
            case "media" -> checkMedia(message, problems);
            case "mark" -> checkMark(message, problems);
            case "clear" -> exactFields(message, Set.of("event", "streamSid"), "clear", problems);
            default -> problems.add("event '" + event + "' is not one of media, mark, clear (31951)");
        }
        return problems;
    }

    /** The audio of a media message, or null when its payload is missing or not canonical base64. */
    static byte[] mediaPayload(JsonObject message) {
        if (!(message.get("media") instanceof JsonObject media) || !(media.get("payload") instanceof JsonString payload)) {
            return null;
        }
        return decodeBase64(payload.getString());
    }

    private static void checkMedia(JsonObject message, List<String> problems) {
        exactFields(message, Set.of("event", "streamSid", "media"), "media", problems);
        if (!(message.get("media") instanceof JsonObject media)) {
            problems.add("media without a 'media' object (31951)");
            return;
        }
        exactFields(media, Set.of("payload"), "media.media", problems);
        if (!(media.get("payload") instanceof JsonString payload)) {
            problems.add("media without a string 'media.payload' (31951)");
        } else if (decodeBase64(payload.getString()) == null) {
            problems.add("media.payload is not valid base64: " + JsonText.abbreviate(payload.getString()));
        }
    }

    private static void checkMark(JsonObject message, List<String> problems) {
        exactFields(message, Set.of("event", "streamSid", "mark"), "mark", problems);
        if (!(message.get("mark") instanceof JsonObject mark)) {
            problems.add("mark without a 'mark' object (31951)");
            return;
        }
        exactFields(mark, Set.of("name"), "mark.mark", problems);
        if (!(mark.get("name") instanceof JsonString)) {
            problems.add("mark without a string 'mark.name' (31951)");
        }
    }

    private static void exactFields(JsonObject object, Set<String> allowed, String where, List<String> problems) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(where + " has the extra field '" + key + "' (allowed: " + new TreeSet<>(allowed) + ", 31951)");
            }
        }
    }

    private static byte[] decodeBase64(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            // Java's decoder tolerates missing padding and stray low bits; Twilio expects standard base64.
            return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isObject(JsonValue value) {
        return value.getValueType() == JsonValue.ValueType.OBJECT;
    }
}
