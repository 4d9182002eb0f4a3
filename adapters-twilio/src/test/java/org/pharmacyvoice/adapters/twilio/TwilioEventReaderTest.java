package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TwilioEventReaderTest {

    @Test
    void readsStartWithParametersAndFormat() throws Exception {
        var event = TwilioEventReader.read("""
                {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1",
                 "tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
                 "customParameters":{"From":"+15551234567","To":"+15550001111"}},"streamSid":"MZ1"}""");

        assertThat(event, equalTo(new TwilioEvent.Start("MZ1", "CA1", "AC1",
                Map.of("From", "+15551234567", "To", "+15550001111"), "audio/x-mulaw", 8000, 1)));
    }

    @Test
    void decodesMediaPayload() throws Exception {
        var media = (TwilioEvent.Media) TwilioEventReader.read("""
                {"event":"media","sequenceNumber":"4","media":{"track":"inbound","chunk":"2","timestamp":"5",
                 "payload":"AAH/fw=="},"streamSid":"MZ1"}""");

        assertThat(media.audio(), equalTo(new byte[] {0, 1, (byte) 0xff, 0x7f}));
        assertThat(media.streamSid(), equalTo("MZ1"));
        assertThat(media.track(), equalTo("inbound"));
    }

    @Test
    void readsDtmfMarkAndStop() throws Exception {
        assertThat(TwilioEventReader.read("""
                {"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"7"}}"""),
                equalTo(new TwilioEvent.Dtmf("MZ1", "7")));
        assertThat(TwilioEventReader.read("""
                {"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"m-1"}}"""),
                equalTo(new TwilioEvent.Mark("MZ1", "m-1")));
        assertThat(TwilioEventReader.read("""
                {"event":"stop","sequenceNumber":"5","stop":{"accountSid":"AC1","callSid":"CA1"},"streamSid":"MZ1"}"""),
                equalTo(new TwilioEvent.Stop("MZ1")));
    }

    @Test
    void everyKeyOfAKeypadIsRead() throws Exception {
        for (char key : "0123456789*#ABCD".toCharArray()) {
            assertThat(TwilioEventReader.read("{\"event\":\"dtmf\",\"streamSid\":\"MZ1\",\"dtmf\":{\"track\":"
                    + "\"inbound_track\",\"digit\":\"" + key + "\"}}"), equalTo(new TwilioEvent.Dtmf("MZ1", "" + key)));
        }
    }

    static Stream<Arguments> badKeyPresses() {
        String dtmf = "{\"event\":\"dtmf\",\"streamSid\":\"MZ1\",\"sequenceNumber\":\"5\",\"dtmf\":%s}";
        return Stream.of(
                Arguments.of("no dtmf object", "{\"event\":\"dtmf\",\"streamSid\":\"MZ1\"}",
                        "'dtmf' is missing or not an object"),
                Arguments.of("dtmf not an object", dtmf.formatted("\"1\""), "'dtmf' is missing or not an object"),
                Arguments.of("no digit", dtmf.formatted("{\"track\":\"inbound_track\"}"),
                        "'digit' is missing or not a string"),
                Arguments.of("a digit that is a number", dtmf.formatted("{\"digit\":1}"),
                        "'digit' is missing or not a string"),
                Arguments.of("a digit that is null", dtmf.formatted("{\"digit\":null}"),
                        "'digit' is missing or not a string"),
                Arguments.of("two digits", dtmf.formatted("{\"digit\":\"12\"}"),
                        "dtmf 'digit' has 2 characters instead of one key"),
                Arguments.of("no digit at all", dtmf.formatted("{\"digit\":\"\"}"),
                        "dtmf 'digit' has 0 characters instead of one key"),
                Arguments.of("a huge digit", dtmf.formatted("{\"digit\":\"" + "1".repeat(60_000) + "\"}"),
                        "dtmf 'digit' has 60000 characters instead of one key"),
                Arguments.of("a key no keypad has", dtmf.formatted("{\"digit\":\"E\"}"),
                        "dtmf 'digit' is no key of a keypad"),
                Arguments.of("a line break", dtmf.formatted("{\"digit\":\"\\n\"}"),
                        "dtmf 'digit' is no key of a keypad"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeyPresses")
    void badKeyPressesAreUnreadableWithoutEchoingTheDigits(String shape, String text, String reason) {
        assertThat(problem(text), equalTo(reason));
    }

    @Test
    void unknownEventIsNotAnError() throws Exception {
        assertThat(TwilioEventReader.read("{\"event\":\"hologram\"}"), equalTo(new TwilioEvent.Unknown("hologram")));
    }

    @Test
    void badInputsAreRefusedWithTheReason() {
        assertThat(problem("{not json"), containsString("malformed JSON"));
        assertThat(problem("[1,2]"), equalTo("not a JSON object"));
        assertThat(problem("{\"sequenceNumber\":\"1\"}"), equalTo("no 'event' field"));
        assertThat(problem("{\"event\":\"media\",\"media\":{\"payload\":\"%%%\"}}"),
                equalTo("media payload is not base64"));
        assertThat(problem("{\"event\":\"media\",\"media\":\"x\"}"), equalTo("'media' is missing or not an object"));
        assertThat(problem("{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\"}}"),
                equalTo("'callSid' is missing or not a string"));
    }

    /**
     * Shapes that made Parsson 1.1.6 throw unchecked exceptions out of the reader (which ended the stream), or that it
     * read although two readers could disagree about them or later code could not cope; each now has its reason.
     */
    static Stream<Arguments> nastyShapes() {
        String start = "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\",\"callSid\":\"CA1\","
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":%s,\"channels\":1}}}";
        return Stream.of(
                Arguments.of("a 2,000-digit number", start.formatted("9".repeat(2000)),
                        "a number of more than 40 characters"),
                Arguments.of("an exponent past int", start.formatted("8e9999999999"),
                        "a number with an exponent of more than 3 digits"),
                Arguments.of("a huge exponent", start.formatted("8e999999999"),
                        "a number with an exponent of more than 3 digits"),
                Arguments.of("100,000 [", "[".repeat(100_000), "nested deeper than 32 levels"),
                Arguments.of("5,000 nested objects in a media message", "{\"event\":\"media\",\"media\":"
                        + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001), "nested deeper than 32 levels"),
                Arguments.of("33 levels", "[".repeat(33) + "]".repeat(33), "nested deeper than 32 levels"),
                Arguments.of("an escaped NUL", "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"\\u0000\"}}",
                        "a NUL character in a string"),
                Arguments.of("a raw NUL", "{\"event\":\"stop\u0000\"}", "a NUL character in a string"),
                Arguments.of("an escaped lone surrogate", "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"\\ud800\"}}",
                        "half a surrogate pair in a string"),
                Arguments.of("a raw lone surrogate", "{\"event\":\"mark\",\"mark\":{\"name\":\"\udc00\"}}",
                        "half a surrogate pair in a string"),
                Arguments.of("a surrogate pair split across escapes and characters",
                        "{\"event\":\"mark\",\"mark\":{\"name\":\"\\ud83d\ude00\"}}",
                        "half a surrogate pair in a string"),
                Arguments.of("duplicate keys", "{\"event\":\"stop\",\"event\":\"media\",\"streamSid\":\"MZ1\"}",
                        "malformed JSON: Duplicate key 'event' is not allowed"),
                Arguments.of("a payload twice, once escaped", "{\"event\":\"media\",\"media\":"
                        + "{\"payload\":\"AAE=\",\"p\\u0061yload\":\"AAA=\"}}",
                        "malformed JSON: Duplicate key 'payload' is not allowed"),
                Arguments.of("a second value", "{\"event\":\"stop\"} {\"event\":\"start\"}",
                        "text after the JSON value"),
                Arguments.of("a 100,000-character call SID", "{\"event\":\"start\",\"start\":{\"streamSid\":"
                        + "\"MZ1\",\"callSid\":\"" + "C".repeat(100_000) + "\"}}", "'callSid' is not a usable SID"),
                Arguments.of("a blank call SID", "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\","
                        + "\"callSid\":\" \"}}", "'callSid' is not a usable SID"),
                Arguments.of("a stream SID with a line break", "{\"event\":\"start\",\"start\":{\"streamSid\":"
                        + "\"MZ\\n1\",\"callSid\":\"CA1\"}}", "'streamSid' is not a usable SID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyShapes")
    void nastyShapesAreUnreadableForTheirReason(String shape, String text, String reason) {
        assertThat(problem(text), equalTo(reason));
    }

    @Test
    void aReasonFitsOneLogLine() {
        String key = "k\\n".repeat(1000);

        String reason = problem("{\"" + key + "\":1,\"" + key + "\":2}");

        assertThat(reason, startsWith("malformed JSON: Duplicate key 'k?k?"));
        assertThat(reason.length(), equalTo(203));
    }

    @Test
    void thirtyTwoLevelsAndFortyCharacterNumbersAreFine() throws Exception {
        String deep = "{\"x\":".repeat(31) + "1" + "}".repeat(31);
        String number = "-0." + "1".repeat(33) + "e-99";

        assertThat(TwilioEventReader.read("{\"event\":\"hologram\",\"deep\":" + deep + ",\"n\":" + number + "}"),
                equalTo(new TwilioEvent.Unknown("hologram")));
    }

    private static String problem(String text) {
        return assertThrows(TwilioEventReader.UnreadableMessage.class, () -> TwilioEventReader.read(text))
                .getMessage();
    }
}
