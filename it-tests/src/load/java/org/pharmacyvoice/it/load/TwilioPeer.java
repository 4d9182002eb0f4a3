package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Twilio's side of one simulated call: opens the server's media stream, sends {@code connected} and {@code start},
 * streams stamped caller audio as {@code media} messages when the pacer says so, and reads what the server sends
 * back: agent audio (stamp checked, latency recorded), marks (echoed at once, as Twilio does when nothing is
 * buffered), clears.
 */
final class TwilioPeer implements WsConnection.Handler {

    private static final byte[] EVENT = ascii("\"event\":\"");
    private static final byte[] PAYLOAD = ascii("\"payload\":\"");
    private static final byte[] NAME = ascii("\"name\":\"");
    private static final byte[] MEDIA_1 = ascii("{\"event\":\"media\",\"sequenceNumber\":\"");
    private static final byte[] MEDIA_2 = ascii("\",\"media\":{\"track\":\"inbound\",\"chunk\":\"");
    private static final byte[] MEDIA_3 = ascii("\",\"timestamp\":\"");
    private static final byte[] MEDIA_4 = ascii("\",\"payload\":\"");
    private static final byte[] MEDIA_5 = ascii("\"},\"streamSid\":\"");
    private static final int PAYLOAD_CHARS = 216;
    /** Base64 characters of one agent speech message of the conversation traffic model. */
    private static final int SPEECH_PAYLOAD_CHARS = 4 * ((Traffic.SPEECH_BYTES + 2) / 3);
    private static final int DIAL_TIMEOUT_MILLIS = 10_000;
    private static final int[] BASE64 = base64Table();

    private final SimulatedCall call;
    private final Measurements measurements;
    private final WsConnection connection;
    private final byte[] streamSid;
    private final AtomicInteger sequenceNumber = new AtomicInteger();
    // The pacer's scratch space: one frame at a time.
    private final byte[] audio = AudioStamp.newFrame();
    private final byte[] base64 = new byte[PAYLOAD_CHARS];
    private final byte[] message = new byte[512];
    // The reactor's scratch space.
    private final byte[] stamp = new byte[18];
    private volatile boolean hangingUp;

    private TwilioPeer(SimulatedCall call, Measurements measurements, WsConnection connection) {
        this.call = call;
        this.measurements = measurements;
        this.connection = connection;
        this.streamSid = ascii(call.streamSid);
    }

    /** Opens the stream and starts the call; blocking, on the dialing thread. */
    static TwilioPeer dial(SimulatedCall call, Measurements measurements, Reactor reactor, int port)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress("127.0.0.1", port), DIAL_TIMEOUT_MILLIS);
            channel.socket().setSoTimeout(DIAL_TIMEOUT_MILLIS);
            var connection = new WsConnection(channel, true, reactor);
            connection.upgradeAsClient("127.0.0.1:" + port, "/media-stream");
            var peer = new TwilioPeer(call, measurements, connection);
            connection.handler(peer);
            connection.sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
            connection.sendText(peer.start());
            reactor.register(connection);
            return peer;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private String start() {
        return "{\"event\":\"start\",\"sequenceNumber\":\"" + sequenceNumber.incrementAndGet() + "\",\"start\":{"
                + "\"accountSid\":\"AC10ad10ad10ad10ad10ad10ad10ad10ad\",\"streamSid\":\"" + call.streamSid + "\","
                + "\"callSid\":\"" + call.callSid + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":"
                + "\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"From\":\"+1555"
                + String.format("%07d", call.index) + "\",\"To\":\"+15550100000\"}},\"streamSid\":\"" + call.streamSid
                + "\"}";
    }

    boolean closed() {
        return connection.closed();
    }

    int pendingBytes() {
        return connection.pendingBytes();
    }

    /** One stamped 20 ms frame of caller audio, as Twilio sends it; the pacer's thread. */
    void sendMedia(int sequence) {
        AudioStamp.write(audio, call.index, sequence, System.nanoTime());
        Base64.getEncoder().encode(audio, base64);
        int n = put(message, 0, MEDIA_1);
        n = putNumber(message, n, sequenceNumber.incrementAndGet());
        n = put(message, n, MEDIA_2);
        n = putNumber(message, n, sequence + 1L);
        n = put(message, n, MEDIA_3);
        n = putNumber(message, n, sequence * 20L);
        n = put(message, n, MEDIA_4);
        n = put(message, n, base64);
        n = put(message, n, MEDIA_5);
        n = put(message, n, streamSid);
        message[n++] = '"';
        message[n++] = '}';
        connection.sendText(message, 0, n);
    }

    /** Twilio's {@code stop}, then the socket closes: the caller hung up. */
    void hangUp() {
        hangingUp = true;
        call.hungUp = true;
        connection.sendText("{\"event\":\"stop\",\"sequenceNumber\":\"" + sequenceNumber.incrementAndGet()
                + "\",\"stop\":{\"accountSid\":\"AC10ad10ad10ad10ad10ad10ad10ad10ad\",\"callSid\":\"" + call.callSid
                + "\"},\"streamSid\":\"" + call.streamSid + "\"}");
        connection.closeNormally();
    }

    @Override
    public void onText(WsConnection c, byte[] data, int offset, int length) {
        long now = System.nanoTime();
        int end = offset + length;
        int event = WsConnection.indexOf(data, offset, end, EVENT);
        if (event < 0 || WsConnection.indexOf(data, offset, end, streamSid) < 0) {
            measurements.unexpectedMessages.incrementAndGet();
            return;
        }
        event += EVENT.length;
        if (startsWith(data, event, "media\"")) {
            media(data, event, end, now);
        } else if (startsWith(data, event, "mark\"")) {
            echoMark(data, event, end);
        } else if (startsWith(data, event, "clear\"")) {
            measurements.clears.incrementAndGet();
        } else {
            measurements.unexpectedMessages.incrementAndGet();
        }
    }

    private void media(byte[] data, int from, int end, long now) {
        int payload = WsConnection.indexOf(data, from, end, PAYLOAD);
        if (payload < 0) {
            measurements.badFrames.incrementAndGet();
            return;
        }
        payload += PAYLOAD.length;
        int quote = payload;
        while (quote < end && data[quote] != '"') {
            quote++;
        }
        int chars = quote - payload;
        if (chars != PAYLOAD_CHARS && chars != SPEECH_PAYLOAD_CHARS || !decodeStamp(data, payload)) {
            measurements.badFrames.incrementAndGet();
            return;
        }
        if (AudioStamp.call(stamp, 0) != call.index) {
            measurements.crossTalk.incrementAndGet();
            return;
        }
        Measurements.record(measurements.agentToCaller, now - AudioStamp.sentNanos(stamp, 0));
        call.agentToCaller.arrived(AudioStamp.sequence(stamp, 0));
    }

    /** Decodes the first 24 base64 characters (18 bytes, the stamp and a little more). */
    private boolean decodeStamp(byte[] data, int at) {
        for (int group = 0; group < 6; group++) {
            int bits = 0;
            for (int i = 0; i < 4; i++) {
                int c = data[at + group * 4 + i];
                int value = c >= 0 && c < 128 ? BASE64[c] : -1;
                if (value < 0) {
                    return false;
                }
                bits = bits << 6 | value;
            }
            stamp[group * 3] = (byte) (bits >> 16);
            stamp[group * 3 + 1] = (byte) (bits >> 8);
            stamp[group * 3 + 2] = (byte) bits;
        }
        return true;
    }

    private void echoMark(byte[] data, int from, int end) {
        int name = WsConnection.indexOf(data, from, end, NAME);
        if (name < 0) {
            measurements.unexpectedMessages.incrementAndGet();
            return;
        }
        name += NAME.length;
        int quote = name;
        while (quote < end && data[quote] != '"') {
            quote++;
        }
        String markName = new String(data, name, quote - name, StandardCharsets.US_ASCII);
        connection.sendText("{\"event\":\"mark\",\"sequenceNumber\":\"" + sequenceNumber.incrementAndGet()
                + "\",\"streamSid\":\"" + call.streamSid + "\",\"mark\":{\"name\":\"" + markName + "\"}}");
        measurements.marksEchoed.incrementAndGet();
    }

    @Override
    public void onBinary(WsConnection c, byte[] data, int offset, int length) {
        // Twilio never gets binary frames from a correct server.
        measurements.unexpectedMessages.incrementAndGet();
    }

    @Override
    public void onClosed(WsConnection c, String why) {
        if (!hangingUp && measurements.droppedCalls.incrementAndGet() <= 5) {
            System.err.println("call " + call.index + ": the server closed the media stream: " + why);
        }
    }

    private static boolean startsWith(byte[] data, int at, String prefix) {
        if (at + prefix.length() > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    private static int putNumber(byte[] into, int at, long value) {
        if (value == 0) {
            into[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            into[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static int[] base64Table() {
        int[] table = new int[128];
        java.util.Arrays.fill(table, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            table[alphabet.charAt(i)] = i;
        }
        return table;
    }
}
