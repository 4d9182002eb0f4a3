package org.pharmacyvoice.it.load.cascade;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Twilio's side of one call (Media Streams): opens {@code /media-stream}, sends {@code connected} and {@code start}
 * with {@code From} and {@code To}, then a {@code media} message of 160 bytes of μ-law every 20 ms whatever the
 * agent does, echoes every {@code mark} at once (as Twilio does when nothing is buffered), and tells the ledger how
 * much reply audio arrived.
 */
final class PhoneCaller implements WebSocket.Listener {

    private static final int FRAME_BYTES = 160;
    private static final long FRAME_NANOS = 20_000_000;
    /** A frame this late is skipped: after a stall the pacer would run the missed ones back to back, a flood. */
    private static final long TOO_LATE_NANOS = 200_000_000;

    private final int index;
    private final CallLedger.Line line;
    private final String streamSid;
    private final String callSid;
    private final String payload;
    private final AtomicInteger sequence = new AtomicInteger();
    private final StringBuilder incoming = new StringBuilder();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> pacing;
    private volatile boolean open;
    private volatile int clears;
    private long nextFrameNanos;
    private volatile int framesSkipped;

    private PhoneCaller(int index, CallLedger.Line line) {
        this.index = index;
        this.line = line;
        String id = HexFormat.of().toHexDigits(0xC0575L) + String.format("%016x", index);
        streamSid = "MZ" + id;
        callSid = "CA" + id;
        byte[] frame = new byte[FRAME_BYTES];
        Arrays.fill(frame, (byte) 0xFF);
        frame[0] = (byte) (index >>> 24);
        frame[1] = (byte) (index >>> 16);
        frame[2] = (byte) (index >>> 8);
        frame[3] = (byte) index;
        payload = Base64.getEncoder().encodeToString(frame);
    }

    /** Dials: opens the stream, starts the call, and streams audio from {@code pacer} until {@link #hangUp()}. */
    static PhoneCaller dial(HttpClient client, URI stream, int index, CallLedger.Line line,
                            ScheduledExecutorService pacer) {
        var caller = new PhoneCaller(index, line);
        caller.socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(stream, caller).join();
        caller.open = true;
        caller.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        caller.send("{\"event\":\"start\",\"sequenceNumber\":\"" + caller.sequence.incrementAndGet() + "\",\"start\":{"
                + "\"accountSid\":\"AC10ad10ad10ad10ad10ad10ad10ad10ad\",\"streamSid\":\"" + caller.streamSid + "\","
                + "\"callSid\":\"" + caller.callSid + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":"
                + "\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"From\":\"+1555"
                + String.format("%07d", index) + "\",\"To\":\"+15550100000\"}},\"streamSid\":\"" + caller.streamSid
                + "\"}");
        caller.nextFrameNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(index % 20);
        caller.pacing = pacer.scheduleAtFixedRate(caller::sendMedia, index % 20, 20, TimeUnit.MILLISECONDS);
        return caller;
    }

    private void sendMedia() {
        long due = nextFrameNanos;
        nextFrameNanos += FRAME_NANOS;
        if (System.nanoTime() - due > TOO_LATE_NANOS) {
            framesSkipped++;
            return;
        }
        int n = sequence.incrementAndGet();
        send("{\"event\":\"media\",\"sequenceNumber\":\"" + n + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                + n + "\",\"timestamp\":\"" + n * 20L + "\",\"payload\":\"" + payload + "\"},\"streamSid\":\""
                + streamSid + "\"}");
    }

    /** One message at a time, in order: the JDK's WebSocket allows a single outstanding send. */
    private synchronized void send(String text) {
        if (open) {
            sending = sending.thenCompose(done -> socket.sendText(text, true));
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        incoming.append(data);
        if (last) {
            received(incoming.toString());
            incoming.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    private void received(String message) {
        if (message.startsWith("{\"event\":\"media\"") || message.contains("\"event\":\"media\"")) {
            int from = message.indexOf("\"payload\":\"") + 11;
            int to = message.indexOf('"', from);
            int chars = to - from;
            int padding = chars > 0 && message.charAt(to - 1) == '=' ? (message.charAt(to - 2) == '=' ? 2 : 1) : 0;
            line.audioAtCaller(chars / 4 * 3 - padding);
        } else if (message.contains("\"event\":\"mark\"")) {
            int from = message.indexOf("\"name\":\"") + 8;
            String name = message.substring(from, message.indexOf('"', from));
            send("{\"event\":\"mark\",\"sequenceNumber\":\"" + sequence.incrementAndGet() + "\",\"streamSid\":\""
                    + streamSid + "\",\"mark\":{\"name\":\"" + name + "\"}}");
        } else if (message.contains("\"event\":\"clear\"")) {
            clears++;
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (open && statusCode != 1000) {
            System.err.println("call " + index + " closed by the server: " + statusCode + " " + reason);
        }
        ended();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        System.err.println("call " + index + " failed: " + error);
        ended();
    }

    private void ended() {
        open = false;
        if (pacing != null) {
            pacing.cancel(false);
        }
    }

    boolean up() {
        return open;
    }

    int clears() {
        return clears;
    }

    /** Frames not sent because the generator was too late for them (its own health). */
    int framesSkipped() {
        return framesSkipped;
    }

    /** Twilio's {@code stop}, then the socket closes: the caller hung up. */
    void hangUp() {
        if (!open) {
            return;
        }
        pacing.cancel(false);
        send("{\"event\":\"stop\",\"sequenceNumber\":\"" + sequence.incrementAndGet() + "\",\"stop\":{\"accountSid\":"
                + "\"AC10ad10ad10ad10ad10ad10ad10ad10ad\",\"callSid\":\"" + callSid + "\"},\"streamSid\":\""
                + streamSid + "\"}");
        synchronized (this) {
            open = false;
            sending = sending.thenCompose(done -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "hung up"));
        }
    }
}
