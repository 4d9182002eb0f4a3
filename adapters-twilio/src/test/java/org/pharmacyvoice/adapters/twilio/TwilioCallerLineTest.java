package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/** The caller line's media messages, built in a reused buffer, are exactly the JSON Twilio expects. */
class TwilioCallerLineTest {

    @Test
    void mediaMessagesCarryTheAudioAsBase64ForEveryLength() {
        var socket = new RecordingSession();
        var line = new TwilioCallerLine(socket, "CA1", "MZ1", () -> { });
        var random = new Random(3);
        List<String> expected = new ArrayList<>();
        // Longer and shorter frames than 160 bytes, in turn: the buffer grows and is reused.
        for (int length : new int[] {160, 0, 1, 2, 3, 4, 159, 161, 800, 160, 7}) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            line.play(audio);
            expected.add("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\""
                    + Base64.getEncoder().encodeToString(audio) + "\"}}");
        }

        assertThat(socket.texts, equalTo(expected));
        socket.texts.forEach(text -> Json.createReader(new StringReader(text)).readObject());
    }

    @Test
    void aStreamSidThatNeedsEscapingStaysValidJson() {
        var socket = new RecordingSession();
        String streamSid = "MZ\"\\é\u0001";
        new TwilioCallerLine(socket, "CA1", streamSid, () -> { }).play(new byte[] {1, 2, 3});

        var json = Json.createReader(new StringReader(socket.texts.getFirst())).readObject();
        assertThat(json.getString("streamSid"), equalTo(streamSid));
        assertThat(json.getJsonObject("media").getString("payload"), equalTo("AQID"));
    }

    @Test
    void nothingIsSentAfterHangingUp() {
        var socket = new RecordingSession();
        var line = new TwilioCallerLine(socket, "CA1", "MZ1", () -> { });
        line.hangUp(CallEndReason.CALLER_HUNG_UP);
        line.play(new byte[160]);

        assertThat(socket.texts, empty());
        assertThat(socket.closes, contains(1000));
    }

    private static final class RecordingSession implements WsSession {
        final List<String> texts = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();

        @Override
        public WsSession send(String text, boolean last) {
            texts.add(text);
            return this;
        }

        @Override
        public WsSession send(BufferData data, boolean last) {
            throw new AssertionError("Twilio only takes text frames");
        }

        @Override
        public WsSession ping(BufferData data) {
            return this;
        }

        @Override
        public WsSession pong(BufferData data) {
            return this;
        }

        @Override
        public WsSession close(int code, String reason) {
            closes.add(code);
            return this;
        }

        @Override
        public WsSession terminate() {
            return this;
        }

        @Override
        public SocketContext socketContext() {
            return null;
        }
    }
}
