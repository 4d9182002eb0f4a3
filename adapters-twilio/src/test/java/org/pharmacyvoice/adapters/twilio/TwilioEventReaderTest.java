package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private static String problem(String text) {
        return assertThrows(TwilioEventReader.UnreadableMessage.class, () -> TwilioEventReader.read(text))
                .getMessage();
    }
}
