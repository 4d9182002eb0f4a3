package org.pharmacyvoice.it.fakes;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FakeTwilioCallerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CALL_SID = "CA0123456789abcdef0123456789abcdef";
    private static final String STREAM_SID = "MZfedcba9876543210fedcba9876543210";

    private ScriptedStreamServer server;
    private FakeTwilioCaller caller;

    @BeforeEach
    void connect() {
        server = new ScriptedStreamServer();
        caller = FakeTwilioCaller.connect(server.url(), Map.of("X-Twilio-Signature", "c2lnbmF0dXJl"));
    }

    @AfterEach
    void disconnect() {
        caller.close();
        server.close();
    }

    private void start() {
        caller.sendConnected();
        caller.sendStart(CALL_SID, STREAM_SID, Map.of());
        server.nextText();
        server.nextText();
    }

    private static byte[] mulaw(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }

    /** The server's frames are read on another thread; a pong proves every earlier frame was handled. */
    private void settle() throws InterruptedException {
        server.pingAndAwaitPong(new byte[] {9});
    }

    @Test
    void pressingKeysSendsOneDtmfMessagePerKeyInOrder() {
        String sid = ",\"streamSid\":\"" + STREAM_SID + "\"";
        caller.sendStart(CALL_SID, STREAM_SID, Map.of());
        server.nextText();

        caller.pressKeys("1*#");

        assertThat(server.nextText(), is("{\"event\":\"dtmf\"" + sid
                + ",\"sequenceNumber\":\"2\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}"));
        assertThat(server.nextText(), is("{\"event\":\"dtmf\"" + sid
                + ",\"sequenceNumber\":\"3\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"*\"}}"));
        assertThat(server.nextText(), is("{\"event\":\"dtmf\"" + sid
                + ",\"sequenceNumber\":\"4\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"#\"}}"));
    }

    @Test
    void upgradeRequestCarriesTheGivenHeaders() {
        assertThat(server.upgradeHeader("x-twilio-signature").orElseThrow(), is("c2lnbmF0dXJl"));
    }

    @Test
    void messagesAreByteExactTwilioJson() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("streamToken", "tok-1");
        parameters.put("lang", "en-US");
        byte[] first = mulaw(160, 1);
        byte[] second = mulaw(160, 2);
        String sid = ",\"streamSid\":\"" + STREAM_SID + "\"";

        caller.sendConnected();
        caller.sendStart(CALL_SID, STREAM_SID, parameters);
        caller.sendMedia(first);
        caller.sendMedia(second);
        caller.sendDtmf("5");
        caller.sendMark("resp-1");
        caller.sendStop();

        assertThat(server.nextText(), is("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"));
        assertThat(server.nextText(), is("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{"
                + "\"accountSid\":\"" + caller.accountSid() + "\",\"streamSid\":\"" + STREAM_SID + "\","
                + "\"callSid\":\"" + CALL_SID + "\",\"tracks\":[\"inbound\"],"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
                + "\"customParameters\":{\"streamToken\":\"tok-1\",\"lang\":\"en-US\"}}" + sid + "}"));
        assertThat(server.nextText(), is("{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"1\",\"timestamp\":\"0\",\"payload\":\"" + Base64.getEncoder().encodeToString(first) + "\"}"
                + sid + "}"));
        assertThat(server.nextText(), is("{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"2\",\"timestamp\":\"20\",\"payload\":\"" + Base64.getEncoder().encodeToString(second) + "\"}"
                + sid + "}"));
        assertThat(server.nextText(), is("{\"event\":\"dtmf\"" + sid
                + ",\"sequenceNumber\":\"4\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"5\"}}"));
        assertThat(server.nextText(), is("{\"event\":\"mark\",\"sequenceNumber\":\"5\"" + sid
                + ",\"mark\":{\"name\":\"resp-1\"}}"));
        assertThat(server.nextText(), is("{\"event\":\"stop\",\"sequenceNumber\":\"6\",\"stop\":{\"accountSid\":\""
                + caller.accountSid() + "\",\"callSid\":\"" + CALL_SID + "\"}" + sid + "}"));
    }

    @Test
    void mediaTimestampFollowsTheBytesSent() {
        start();
        caller.sendMedia(mulaw(400, 0));
        caller.sendMedia(mulaw(8, 0));
        caller.sendMedia(mulaw(8, 0));

        assertThat(server.nextText(), startsWith("{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\",\"timestamp\":\"0\""));
        assertThat(server.nextText(), startsWith("{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"50\""));
        assertThat(server.nextText(), startsWith("{\"event\":\"media\",\"sequenceNumber\":\"4\",\"media\":{\"track\":\"inbound\",\"chunk\":\"3\",\"timestamp\":\"51\""));
    }

    @Test
    void startCallGeneratesSidsInTwilioFormat() {
        String streamSid = caller.startCall(Map.of());

        assertThat(streamSid, is(caller.streamSid()));
        assertThat(caller.streamSid(), matchesPattern("MZ[0-9a-f]{32}"));
        assertThat(caller.callSid(), matchesPattern("CA[0-9a-f]{32}"));
        assertThat(caller.accountSid(), matchesPattern("AC[0-9a-f]{32}"));
        assertThat(FakeTwilioCaller.newCallSid(), matchesPattern("CA[0-9a-f]{32}"));
        assertThat(FakeTwilioCaller.newStreamSid(), matchesPattern("MZ[0-9a-f]{32}"));
        assertThat(server.nextText(), startsWith("{\"event\":\"connected\""));
        assertThat(server.nextText(), startsWith("{\"event\":\"start\",\"sequenceNumber\":\"1\""));
    }

    @Test
    void sendingStreamEventsBeforeStartIsRefused() {
        assertThrows(IllegalStateException.class, () -> caller.sendMedia(new byte[160]));
        assertThrows(IllegalStateException.class, () -> caller.sendStop());
    }

    @Test
    void rawAndBinaryFramesGoOutUnchanged() {
        caller.sendRaw("not json");
        assertThat(server.nextText(), is("not json"));
        caller.sendBinary(new byte[] {1, 2});
        caller.sendRaw("after");
        assertThat(server.nextText(), is("after"));
    }

    @Test
    void validServerMessagesAreRecordedWithoutViolations() throws InterruptedException {
        start();
        byte[] first = mulaw(160, 3);
        byte[] second = mulaw(321, 4);
        server.send(media(STREAM_SID, first));
        server.send(media(STREAM_SID, second));
        server.send("{\"event\":\"mark\",\"streamSid\":\"" + STREAM_SID + "\",\"mark\":{\"name\":\"resp-1\"}}");
        server.send("{\"event\":\"clear\",\"streamSid\":\"" + STREAM_SID + "\"}");

        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertArrayEquals(expected, caller.awaitAudio(expected.length, WAIT));
        assertThat(caller.awaitEvent("clear", WAIT).toString(), is("{\"event\":\"clear\",\"streamSid\":\"" + STREAM_SID + "\"}"));
        assertThat(caller.awaitEvent("mark", WAIT).getJsonObject("mark").getString("name"), is("resp-1"));
        settle();
        assertArrayEquals(expected, caller.receivedAudio());
        assertThat(caller.receivedMessages(), hasSize(4));
        assertThat(caller.protocolViolations(), is(empty()));
    }

    @Test
    void awaitEventReturnsEachMatchingMessageOnce() {
        start();
        server.send("{\"event\":\"clear\",\"streamSid\":\"" + STREAM_SID + "\"}");
        server.send(media(STREAM_SID, new byte[] {1}));
        server.send("{\"event\":\"clear\",\"streamSid\":\"" + STREAM_SID + "\"}");

        JsonObject firstClear = caller.awaitEvent("clear", WAIT);
        JsonObject secondClear = caller.awaitEvent("clear", WAIT);
        assertThat(caller.receivedMessages().indexOf(firstClear), is(0));
        assertThat(caller.receivedMessages().lastIndexOf(secondClear), is(2));
        AssertionError error = assertThrows(AssertionError.class, () -> caller.awaitEvent("clear", Duration.ofMillis(100)));
        assertThat(error.getMessage(), startsWith("no 'clear' from the server within PT0.1S"));
    }

    @Test
    void extraTrackFieldInMediaIsAViolation() throws InterruptedException {
        start();
        server.send("{\"event\":\"media\",\"streamSid\":\"" + STREAM_SID + "\",\"media\":{\"track\":\"outbound\",\"payload\":\"AAE=\"}}");
        settle();

        assertThat(caller.protocolViolations(),
                contains("media.media has the extra field 'track' (allowed: [payload], 31951)"));
    }

    @Test
    void wrongStreamSidIsAViolation() throws InterruptedException {
        start();
        server.send(media("MZ00000000000000000000000000000000", new byte[] {1}));
        settle();

        assertThat(caller.protocolViolations(), contains("media carries streamSid MZ00000000000000000000000000000000 but the stream is "
                + STREAM_SID + " (31951)"));
    }

    @Test
    void binaryFrameIsAViolation() throws InterruptedException {
        start();
        server.sendBinary(new byte[160]);
        settle();

        assertThat(caller.protocolViolations(), contains("binary frame of 160 bytes; Twilio accepts text frames only (31950)"));
        assertThat(caller.receivedAudio().length, is(0));
    }

    @Test
    void messageBeforeStartIsAViolation() throws InterruptedException {
        caller.sendConnected();
        server.nextText();
        server.send("{\"event\":\"clear\",\"streamSid\":\"" + STREAM_SID + "\"}");
        settle();

        assertThat(caller.protocolViolations(), contains("clear sent before Twilio sent start (no streamSid yet, 31951)"));
    }

    @Test
    void malformedMessagesAreViolations() throws InterruptedException {
        start();
        String sid = "\"streamSid\":\"" + STREAM_SID + "\"";
        server.send("hello");
        server.send("{" + sid + ",\"media\":{\"payload\":\"AA==\"}}");
        server.send("{\"event\":\"dtmf\"," + sid + "}");
        server.send("{\"event\":\"media\",\"media\":{\"payload\":\"AA==\"}}");
        server.send("{\"event\":\"media\"," + sid + ",\"media\":{\"payload\":\"AA=\"}}");
        server.send("{\"event\":\"media\"," + sid + ",\"media\":{}}");
        server.send("{\"event\":\"mark\"," + sid + "}");
        server.send("{\"event\":\"mark\"," + sid + ",\"mark\":{\"label\":\"x\"}}");
        server.send("{\"event\":\"clear\"," + sid + ",\"clear\":{}}");
        settle();

        assertThat(caller.protocolViolations(), contains(
                "text frame is not a JSON object (31951): hello",
                "no string 'event' (31951)",
                "event 'dtmf' is not one of media, mark, clear (31951)",
                "media without a string 'streamSid' (31951)",
                "media.payload is not valid base64: AA=",
                "media without a string 'media.payload' (31951)",
                "mark without a 'mark' object (31951)",
                "mark.mark has the extra field 'label' (allowed: [name], 31951)",
                "mark without a string 'mark.name' (31951)",
                "clear has the extra field 'clear' (allowed: [event, streamSid], 31951)"));
    }

    @Test
    void autoEchoRepliesToEachMarkWithTheNextSequenceNumber() {
        start();
        caller.autoEchoMarks(true);
        server.send("{\"event\":\"mark\",\"streamSid\":\"" + STREAM_SID + "\",\"mark\":{\"name\":\"resp-7\"}}");

        assertThat(server.nextText(), is("{\"event\":\"mark\",\"sequenceNumber\":\"2\",\"streamSid\":\"" + STREAM_SID
                + "\",\"mark\":{\"name\":\"resp-7\"}}"));
    }

    @Test
    void pingIsAnsweredWithPong() throws InterruptedException {
        assertArrayEquals(new byte[] {4, 5}, server.pingAndAwaitPong(new byte[] {4, 5}));
    }

    @Test
    void serverCloseIsSeenWithItsCode() {
        start();
        assertThat(caller.awaitClosed(Duration.ofMillis(100)), is(false));
        server.closeSocket(1000);

        assertThat(caller.awaitClosed(WAIT), is(true));
        assertThat(caller.closeCode(), is(1000));
    }

    @Test
    void stoppedServerCountsAsClosed() {
        start();
        server.close();

        assertThat(caller.awaitClosed(WAIT), is(true));
    }

    @Test
    void tcpDropWithoutCloseFrameCountsAsClosed() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> acceptUpgradeThenDrop(raw));
            FakeTwilioCaller dropped = FakeTwilioCaller.connect(URI.create("ws://127.0.0.1:" + raw.getLocalPort() + "/media"));

            assertThat(dropped.awaitClosed(WAIT), is(true));
            assertThat(dropped.closeCode(), is(-1));
        }
    }

    /** Answers the WebSocket upgrade by hand and closes the TCP connection without a close frame. */
    private static void acceptUpgradeThenDrop(ServerSocket raw) {
        try (Socket socket = raw.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String key = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String media(String streamSid, byte[] audio) {
        return "{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}}";
    }
}
