package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The media fast path must give exactly what the JSON-P reader gives — the same event or the same error — for every
 * input: checked on hand-picked cases and on hundreds of thousands of generated and mutated messages.
 */
class MediaFastPathTest {

    private static final String SID = "MZ0123456789abcdef0123456789abcdef";
    private static final String TWILIO_MEDIA = "{\"event\":\"media\",\"sequenceNumber\":\"4\",\"media\":{"
            + "\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"5\",\"payload\":\""
            + Base64.getEncoder().encodeToString(bytes(160, 1)) + "\"},\"streamSid\":\"" + SID + "\"}";

    @Test
    void takesTwilioMediaMessagesAndDecodesThemAsJsonPDoes() throws Exception {
        TwilioEvent.Media fast = MediaFastPath.read(TWILIO_MEDIA, null);

        assertThat(fast, notNullValue());
        assertThat(fast.audio(), equalTo(bytes(160, 1)));
        assertThat(fast.streamSid(), equalTo(SID));
        assertThat(fast.track(), equalTo("inbound"));
        assertSameOutcome(TWILIO_MEDIA);
    }

    @Test
    void handsBackTheKnownStreamSidInsteadOfACopy() {
        String known = new String(SID.toCharArray());

        assertThat(MediaFastPath.read(TWILIO_MEDIA, known).streamSid(), sameInstance(known));
        assertThat(MediaFastPath.read(TWILIO_MEDIA, "MZ-another-stream").streamSid(), equalTo(SID));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // whitespace everywhere JSON allows it, other member orders, extra members, optional members left out
            " \t\r\n{ \"event\" : \"media\" , \"media\" : { \"payload\" : \"AAH/fw==\" } , \"streamSid\" : "
                    + "\"MZ1\" } \n",
            "{\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"AAH/\",\"track\":\"outbound\"},\"event\":\"media\"}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"extra\":\"x\",\"media\":{\"chunk\":\"9\",\"payload\":\"/w==\",\"more\":\"y\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AB==\"},\"streamSid\":\"\"}",
            // the same key at both levels is no duplicate; neither are keys Twilio doesn't send, of other lengths
            "{\"event\":\"media\",\"payload\":\"x\",\"media\":{\"payload\":\"AAE=\",\"event\":\"y\"}}",
            "{\"a\":\"1\",\"bb\":\"2\",\"event\":\"media\",\"media\":{\"a\":\"1\",\"bb\":\"2\",\"payload\":\"AAE=\","
                    + "\"ccc\":\"3\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\",\"seven77\":\"1\",\"eight888\":\"2\",\"nine99999\":\"3\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"ABC=\"},\"streamSid\":\"MZ1\"}",
    })
    void takesEveryPlainSpellingOfAMediaMessage(String message) throws Exception {
        assertThat(MediaFastPath.read(message, null), notNullValue());
        assertSameOutcome(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m\"}}",
            "{\"event\":\"med\\u0069a\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AA\\/E=\"}}",
            "{\"event\":\"media\",\"sequenceNumber\":4,\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\",\"chunk\":2}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"},\"tracks\":[\"inbound\"]}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"},\"streamSid\":null}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\",\"payload\":\"AAA=\"}}",
            "{\"event\":\"media\",\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"},\"media\":{\"payload\":\"AAE=\"}}",
            // any duplicate key, Twilio's or not, at either level: JSON-P refuses them all
            "{\"event\":\"media\",\"sequenceNumber\":\"1\",\"sequenceNumber\":\"2\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"chunk\":\"1\",\"payload\":\"AAE=\",\"chunk\":\"1\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\",\"timestamp\":\"1\",\"timestamp\":\"2\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\",\"track\":\"inbound\",\"track\":\"x\"}}",
            "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"x\":\"1\",\"event\":\"media\",\"y\":\"2\",\"x\":\"3\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"payload\":\"AAE=\",\"c\":\"2\"}}",
            // two keys of one length that Twilio doesn't send: JSON-P tells a duplicate from two keys
            "{\"a\":\"1\",\"b\":\"2\",\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"A===\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AA=A\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"%%%%\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"\"}}",
            "{\"event\":\"media\",\"media\":{}}",
            "{\"event\":\"media\",\"media\":\"AAE=\"}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}} x",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"},}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}",
            "{\"event\":\"media\",\"streamSid\":\"MZ\u00e9\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"streamSid\":\"MZ\t1\",\"media\":{\"payload\":\"AAE=\"}}",
            "\u00a0{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}\u000b",
            "[{\"event\":\"media\",\"media\":{\"payload\":\"AAE=\"}}]",
            "{}", "", "media",
    })
    void leavesEverythingElseToJsonP(String message) throws Exception {
        assertThat(MediaFastPath.read(message, null), nullValue());
        assertSameOutcome(message);
    }

    @Test
    void decodesBase64ExactlyAsTheJdkDoesForEveryLengthAndPadding() {
        var random = new Random(7);
        for (int length = 1; length <= 400; length++) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            String encoded = Base64.getEncoder().encodeToString(audio);

            assertThat(MediaFastPath.decodeBase64(encoded, 0, encoded.length()), equalTo(audio));
        }
    }

    @Test
    void generatedMediaMessagesGetTheSameAnswerBothWays() throws Exception {
        var random = new Random(20261121);
        int fast = 0;
        for (int i = 0; i < 10_000; i++) {
            String message = generatedMedia(random);
            if (MediaFastPath.read(message, null) != null) {
                fast++;
            }
            assertSameOutcome(message);
        }
        // Nearly all generated messages are plain: the fast path really was exercised, not just skipped.
        assertThat(fast, greaterThan(7_500));
    }

    @Test
    void mutatedMessagesGetTheSameAnswerBothWays() throws Exception {
        var random = new Random(42);
        int fast = 0;
        int total = 100_000;
        for (int i = 0; i < total; i++) {
            String message = mutate(random.nextInt(4) == 0 ? TWILIO_MEDIA : generatedMedia(random), random);
            if (MediaFastPath.read(message, null) != null) {
                fast++;
            }
            assertSameOutcome(message);
        }
        assertThat(fast, greaterThan(total / 20));
    }

    /** The reader with its fast path and the JSON-P reader alone agree: equal events, or the same error. */
    private static void assertSameOutcome(String message) throws Exception {
        Object viaFastPath = outcome(() -> TwilioEventReader.read(message, SID));
        Object viaJsonP = outcome(() -> TwilioEventReader.readJson(message));
        if (!comparable(viaFastPath).equals(comparable(viaJsonP))) {
            throw new AssertionError("different answers for " + message + ":\n  with fast path: "
                    + comparable(viaFastPath) + "\n  JSON-P only:    " + comparable(viaJsonP));
        }
        TwilioEvent.Media fast = MediaFastPath.read(message, null);
        if (fast != null && !(viaJsonP instanceof TwilioEvent.Media)) {
            throw new AssertionError("the fast path took a message JSON-P doesn't read as media: " + message);
        }
    }

    private interface Read {
        TwilioEvent read() throws TwilioEventReader.UnreadableMessage;
    }

    private static Object outcome(Read read) {
        try {
            return read.read();
        } catch (TwilioEventReader.UnreadableMessage e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** Records compare arrays by identity; this compares the audio by content. */
    private static Object comparable(Object outcome) {
        return outcome instanceof TwilioEvent.Media m
                ? List.of("media", String.valueOf(m.streamSid()), m.track(), Arrays.toString(m.audio()))
                : outcome;
    }

    /** A media message as Twilio might spell it: members in any order, optional ones missing, extra ones, spacing. */
    private static String generatedMedia(Random random) {
        byte[] audio = new byte[random.nextInt(5) == 0 ? random.nextInt(400) : 160];
        random.nextBytes(audio);
        List<String> media = new ArrayList<>();
        media.add(member("payload", Base64.getEncoder().encodeToString(audio), random));
        if (random.nextInt(4) != 0) {
            media.add(member("track", random.nextInt(8) == 0 ? "outbound" : "inbound", random));
        }
        if (random.nextBoolean()) {
            media.add(member("chunk", String.valueOf(random.nextInt(100_000)), random));
            media.add(member("timestamp", String.valueOf(random.nextInt(10_000_000)), random));
        }
        Collections.shuffle(media, random);
        List<String> top = new ArrayList<>(List.of(
                member("event", "media", random),
                space(random) + "\"media\"" + space(random) + ":" + space(random) + "{" + space(random)
                        + String.join("," + space(random), media) + space(random) + "}"));
        if (random.nextInt(8) != 0) {
            top.add(member("streamSid", random.nextInt(4) == 0 ? "MZ" + random.nextInt(1000) : SID, random));
        }
        if (random.nextBoolean()) {
            top.add(member("sequenceNumber", String.valueOf(random.nextInt(100_000)), random));
        }
        Collections.shuffle(top, random);
        return space(random) + "{" + String.join(",", top) + "}" + space(random);
    }

    private static String member(String name, String value, Random random) {
        return space(random) + "\"" + name + "\"" + space(random) + ":" + space(random) + "\"" + value + "\""
                + space(random);
    }

    private static String space(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            case 3 -> "\r\n";
            default -> "";
        };
    }

    /** One to four random edits aimed at what matters: structure, quotes, escapes, base64, odd characters. */
    private static String mutate(String message, Random random) {
        var text = new StringBuilder(message);
        String[] inserts = {"\\", "\"", "=", "==", ",", ":", "{", "}", "[", "]", " ", "\t", "\u000b", "\f", "\u00a0",
                "\u00e9", "\u0000", "\u001f", "\u007f", "\uD83D\uDE00", "\\u0041", "\\/", "\\\"", "null", "1", "-0",
                "1e5", "true", "A", "+", "/", "%", "\"x\":\"y\",", "\"payload\":\"AAAA\",", "\"event\":\"mark\",",
                "\"media\":{},"};
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(7)) {
                case 0 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                case 1 -> text.insert(at, inserts[random.nextInt(inserts.length)]);
                case 2 -> text.setCharAt(Math.min(at, text.length() - 1),
                        inserts[random.nextInt(inserts.length)].charAt(0));
                case 3 -> text.setLength(at);
                case 4 -> text.insert(at, text.substring(at, Math.min(text.length(), at + 1 + random.nextInt(30))));
                case 5 -> text.insert(at, (char) random.nextInt(0x100));
                default -> {
                    int from = random.nextInt(text.length());
                    int to = Math.min(text.length(), from + 1 + random.nextInt(8));
                    text.delete(from, to);
                }
            }
        }
        return text.toString();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
