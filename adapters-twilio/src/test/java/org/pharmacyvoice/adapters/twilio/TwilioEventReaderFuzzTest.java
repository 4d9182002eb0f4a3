package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.pharmacyvoice.domain.reference.StrictJson;

/**
 * Property-based fuzzing of the Twilio reader, fast path included: real Twilio messages, randomly mutated and laced
 * with the known nasty shapes, must be read exactly as the independent {@link StrictJson} judge and Twilio's message
 * rules say — the same event and audio bytes, or {@link TwilioEventReader.UnreadableMessage} — and never anything
 * else. Any other throwable fails the property.
 */
class TwilioEventReaderFuzzTest {

    private static final String SID = "MZ0123456789abcdef0123456789abcdef";
    private static final String CALL_SID = "CA0123456789abcdef0123456789abcdef";
    private static final String UNREADABLE = "unreadable";

    @Property(tries = 4000)
    void aMutatedMessageIsReadAsTheReferenceReadsItOrRefused(@ForAll("mutatedMessages") String text) {
        Object expected = expected(text);
        Statistics.label("reference").collect(expected == UNREADABLE ? "refused" : expected.getClass().getSimpleName());

        assertThat(text, comparable(outcome(text)), equalTo(comparable(expected)));
        TwilioEvent.Media fast = MediaFastPath.read(text, null);
        if (fast != null) {
            assertThat("the fast path took " + text, comparable(fast), equalTo(comparable(expected)));
        }
    }

    @Property(tries = 600)
    void aNastyShapeIsRefusedForItsReason(@ForAll("seeds") String seed, @ForAll("nastyShapes") Nasty nasty) {
        String text = nasty.placedIn(seed);

        assertThat(text.length() > 300 ? text.substring(0, 300) : text, outcome(text),
                equalTo(UNREADABLE + ": " + nasty.reason()));
    }

    /** A shape and the reason it must be refused for; {@code where} says how it goes into a message. */
    record Nasty(String shape, String reason, Where where) {
        enum Where { VALUE, FRONT, END }

        String placedIn(String seed) {
            return switch (where) {
                case VALUE -> "{\"nasty\":" + shape + "," + seed.substring(1);
                case FRONT -> "{" + shape + "," + seed.substring(1);
                case END -> seed + shape;
            };
        }
    }

    @Provide
    Arbitrary<String> seeds() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(400).flatMap(audio -> Arbitraries.of(
                "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}",
                "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC1\",\"streamSid\":\"" + SID
                        + "\",\"callSid\":\"" + CALL_SID + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":"
                        + "\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"From\":"
                        + "\"+15551234567\",\"streamToken\":\"t-1\"}},\"streamSid\":\"" + SID + "\"}",
                "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                        + "\"timestamp\":\"5\",\"payload\":\"" + Base64.getEncoder().encodeToString(audio) + "\"},"
                        + "\"streamSid\":\"" + SID + "\"}",
                "{\"event\":\"dtmf\",\"streamSid\":\"" + SID + "\",\"sequenceNumber\":\"5\",\"dtmf\":{\"track\":"
                        + "\"inbound_track\",\"digit\":\"1\"}}",
                "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"" + SID + "\",\"mark\":{\"name\":\"r1\"}}",
                "{\"event\":\"stop\",\"sequenceNumber\":\"6\",\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\""
                        + CALL_SID + "\"},\"streamSid\":\"" + SID + "\"}"));
    }

    @Provide
    Arbitrary<String> mutatedMessages() {
        Arbitrary<String> inserts = Arbitraries.oneOf(
                Arbitraries.of("\\", "\"", "=", ",", ":", "{", "}", "[", "]", " ", "\t", "\u00a0", "\u00e9", "\u0000",
                        "\u001f", "\u007f", "\uD83D\uDE00", "\\u0041", "\\/", "null", "1", "-0", "1e5", "1.5", "true",
                        "A", "/", "+", "\"x\":\"y\",", "\"payload\":\"AAAA\",", "\"event\":\"mark\",", "\"media\":{},",
                        "\"streamSid\":\"MZ9\",", "\\u0000", "\\ud800", "\\udc00", "\ud800", "\udc00", "\ufffd",
                        "\ufeff", "[".repeat(40), "{\"a\":".repeat(35), "9".repeat(45), "1e9999", "1e999",
                        "\"p\\u0061yload\":\"AAAA\",", "x".repeat(300)),
                // Invalid UTF-8 reaches the reader as the WebSocket layer decodes it: replacement characters.
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6)
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 30), inserts).as(Edit::new);
        return Combinators.combine(seeds(), edit.list().ofMaxSize(4)).as(Edit::applyAll);
    }

    /** One edit at a relative position: delete, insert, replace, truncate, repeat a stretch, or cut a stretch. */
    record Edit(int kind, double where, int length, String insert) {
        static String applyAll(String seed, List<Edit> edits) {
            var text = new StringBuilder(seed);
            for (Edit edit : edits) {
                edit.applyTo(text);
            }
            return text.toString();
        }

        void applyTo(StringBuilder text) {
            int at = (int) (where * text.length());
            int end = Math.min(text.length(), at + length);
            switch (kind) {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1));
                case 1 -> text.insert(at, insert);
                case 2 -> text.replace(at, Math.min(text.length(), at + 1), insert);
                case 3 -> text.setLength(at);
                case 4 -> text.insert(at, text.substring(at, end));
                default -> text.delete(at, end);
            }
        }
    }

    @Provide
    Arbitrary<Nasty> nastyShapes() {
        Arbitrary<Nasty> deepArrays = Arbitraries.integers().between(32, 3000)
                .map(n -> new Nasty("[".repeat(n) + "]".repeat(n), "nested deeper than 32 levels", Nasty.Where.VALUE));
        Arbitrary<Nasty> deepObjects = Arbitraries.integers().between(32, 3000)
                .map(n -> new Nasty("{\"a\":".repeat(n) + "1" + "}".repeat(n), "nested deeper than 32 levels",
                        Nasty.Where.VALUE));
        Arbitrary<Nasty> longNumbers = Arbitraries.strings().numeric().ofMinLength(40).ofMaxLength(3000)
                .map(digits -> new Nasty("1" + digits, "a number of more than 40 characters", Nasty.Where.VALUE));
        Arbitrary<Nasty> exponents = Combinators.combine(Arbitraries.of("e", "E", "e+", "e-", "E-"),
                        Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(12))
                .as((e, digits) -> new Nasty("1" + e + digits, "a number with an exponent of more than 3 digits",
                        Nasty.Where.VALUE));
        Arbitrary<Nasty> nul = Arbitraries.of("\"\\u0000\"", "\"a\u0000b\"", "\"ab\\u0000\"")
                .map(s -> new Nasty(s, "a NUL character in a string", Nasty.Where.VALUE));
        String high = String.valueOf((char) 0xd83d);
        String low = String.valueOf((char) 0xde00);
        Arbitrary<Nasty> halves = Arbitraries.of("\"\\ud800\"", "\"\\udbff x\"", "\"\\udc00\"", "\"" + high + "\"",
                        "\"x" + low + "\"", "\"\\ud83d" + low + "\"", "\"" + high + "\\ude00\"", "\"\\ud83d\\n\"")
                .map(s -> new Nasty(s, "half a surrogate pair in a string", Nasty.Where.VALUE));
        // Every seed has an event; spelled another way, it is still the same key.
        Arbitrary<Nasty> duplicates = Arbitraries.of("\"event\":\"media\"", "\"ev\\u0065nt\":1", "\"event\":{}")
                .map(s -> new Nasty(s, "malformed JSON: Duplicate key 'event' is not allowed", Nasty.Where.FRONT));
        Arbitrary<Nasty> trailing = Arbitraries.of(" x", "{}", " []", "\n1", "\"\"", "}")
                .map(s -> new Nasty(s, "text after the JSON value", Nasty.Where.END));
        return Arbitraries.oneOf(deepArrays, deepObjects, longNumbers, exponents, nul, halves, duplicates, trailing);
    }

    /** What the reader answers: an event, or "unreadable: reason". */
    private static Object outcome(String text) {
        try {
            return TwilioEventReader.read(text, SID);
        } catch (TwilioEventReader.UnreadableMessage e) {
            return UNREADABLE + ": " + e.getMessage();
        }
    }

    /** Records compare arrays by identity; the audio is compared by content, and any refusal is one answer. */
    private static Object comparable(Object outcome) {
        if (outcome instanceof String refusal) {
            return refusal.startsWith(UNREADABLE) ? UNREADABLE : refusal;
        }
        return outcome instanceof TwilioEvent.Media m
                ? List.of("media", String.valueOf(m.streamSid()), m.track(), Arrays.toString(m.audio()))
                : outcome;
    }

    /** What Twilio's protocol makes of the message, as the reference reads it; {@link #UNREADABLE} if anything is off. */
    @SuppressWarnings("unchecked")
    private static Object expected(String text) {
        Object value = StrictJson.parse(text).orElse(null);
        if (!(value instanceof Map<?, ?> map)) {
            return UNREADABLE;
        }
        var json = (Map<String, Object>) map;
        if (!(json.get("event") instanceof String event)) {
            return UNREADABLE;
        }
        String streamSid = text(json, "streamSid");
        return switch (event) {
            case "connected" -> new TwilioEvent.Connected(text(json, "protocol"), text(json, "version"));
            case "media" -> {
                if (!(json.get("media") instanceof Map<?, ?> media) || !(media.get("payload") instanceof String payload)) {
                    yield UNREADABLE;
                }
                byte[] audio;
                try {
                    audio = Base64.getDecoder().decode(payload);
                } catch (IllegalArgumentException notBase64) {
                    yield UNREADABLE;
                }
                String track = media.get("track") instanceof String t ? t : "inbound";
                yield new TwilioEvent.Media(streamSid, track, audio);
            }
            case "start" -> {
                if (!(json.get("start") instanceof Map<?, ?> start)
                        || !(start.get("streamSid") instanceof String stream) || !usableSid(stream)
                        || !(start.get("callSid") instanceof String call) || !usableSid(call)) {
                    yield UNREADABLE;
                }
                var parameters = new LinkedHashMap<String, String>();
                if (start.get("customParameters") instanceof Map<?, ?> custom) {
                    custom.forEach((name, v) -> {
                        if (v instanceof String s) {
                            parameters.put((String) name, s);
                        }
                    });
                }
                Map<?, ?> format = start.get("mediaFormat") instanceof Map<?, ?> f ? f : Map.of();
                yield new TwilioEvent.Start(stream, call, text((Map<String, Object>) start, "accountSid"), parameters,
                        format.get("encoding") instanceof String e ? e : null, integer(format.get("sampleRate")),
                        integer(format.get("channels")));
            }
            case "dtmf" -> json.get("dtmf") instanceof Map<?, ?> dtmf && dtmf.get("digit") instanceof String d
                    && d.length() == 1 && "0123456789*#ABCD".contains(d)
                    ? new TwilioEvent.Dtmf(streamSid, d) : UNREADABLE;
            case "mark" -> json.get("mark") instanceof Map<?, ?> mark && mark.get("name") instanceof String name
                    ? new TwilioEvent.Mark(streamSid, name) : UNREADABLE;
            case "stop" -> new TwilioEvent.Stop(streamSid);
            default -> new TwilioEvent.Unknown(event);
        };
    }

    private static String text(Map<String, Object> json, String name) {
        return json.get(name) instanceof String s ? s : null;
    }

    private static int integer(Object value) {
        return value instanceof StrictJson.Number n ? new BigDecimal(n.literal()).intValue() : 0;
    }

    /** Twilio's SIDs are 34 letters and digits; the reader takes 1 to 64 characters, not blank, no control ones. */
    private static boolean usableSid(String sid) {
        return !sid.isBlank() && sid.length() <= 64 && sid.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
