package org.pharmacyvoice.it.fakes;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.webclient.websocket.WsClient;
import io.helidon.webclient.websocket.WsClientConfig;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Plays Twilio's side of a bidirectional Media Stream against the server under test and checks what the server sends back. */
public final class FakeTwilioCaller implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MULAW_BYTES_PER_MS = 8;

    // Guards the counters together with the send, so sequence numbers appear on the wire in order.
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Condition received = receiveLock.newCondition();
    private final List<JsonObject> messages = new ArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> eventCursors = new HashMap<>();
    private final AudioBuffer audio = new AudioBuffer();
    private final ConnectionEnd end = new ConnectionEnd();
    private final String accountSid = "AC" + randomHex();
    private final CompletableFuture<WsSession> opened = new CompletableFuture<>();
    private volatile WsSession session;
    private volatile boolean autoEchoMarks;
    private volatile String callSid;
    private volatile String streamSid;
    private int sequenceNumber;
    private int chunk;
    private long mediaBytes;

    private FakeTwilioCaller() {
    }

    /**
     * Opens the stream WebSocket with the given upgrade headers (e.g. x-twilio-signature) and waits until it is open.
     *
     * @throws io.helidon.webclient.websocket.WsClientException if the server refuses the upgrade (e.g. 403)
     */
    public static FakeTwilioCaller connect(URI streamUrl, Map<String, String> headers) {
        WsClientConfig.Builder builder = WsClient.builder()
                .baseUri(streamUrl.getScheme() + "://" + streamUrl.getAuthority())
                // The 30 s default read timeout kills an idle client silently in Helidon 4.2.
                .readTimeout(Duration.ofMinutes(5));
        headers.forEach(builder::addHeader);
        FakeTwilioCaller caller = new FakeTwilioCaller();
        builder.build().connect(streamUrl, caller.new Listener());
        try {
            // connect() returns before onOpen has run.
            caller.session = caller.opened.get(10, TimeUnit.SECONDS);
            return caller;
        } catch (TimeoutException | ExecutionException e) {
            throw new AssertionError("stream WebSocket to " + streamUrl + " did not open", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + streamUrl, e);
        }
    }

    /** {@link #connect(URI, Map)} without extra headers. */
    public static FakeTwilioCaller connect(URI streamUrl) {
        return connect(streamUrl, Map.of());
    }

    /** A random CallSid: {@code CA} + 32 hex characters. */
    public static String newCallSid() {
        return "CA" + randomHex();
    }

    /** A random StreamSid: {@code MZ} + 32 hex characters. */
    public static String newStreamSid() {
        return "MZ" + randomHex();
    }

    /** When true, every mark the server sends is echoed at once, as Twilio does when nothing is left to play. */
    public FakeTwilioCaller autoEchoMarks(boolean echo) {
        autoEchoMarks = echo;
        return this;
    }

    /** The AccountSid this caller puts into start and stop. */
    public String accountSid() {
        return accountSid;
    }

    /** The CallSid sent in start, or null before start. */
    public String callSid() {
        return callSid;
    }

    /** The StreamSid sent in start, or null before start. */
    public String streamSid() {
        return streamSid;
    }

    /** Sends connected and start with fresh sids; returns the StreamSid. */
    public String startCall(Map<String, String> customParameters) {
        sendConnected();
        String sid = newStreamSid();
        sendStart(newCallSid(), sid, customParameters);
        return sid;
    }

    /** {@code {"event":"connected","protocol":"Call","version":"1.0.0"}} — not counted in sequenceNumber. */
    public void sendConnected() {
        sendRaw("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
    }

    /** The start message of twilio-media-streams.md §1.2 (sequenceNumber "1" on a fresh stream). */
    public void sendStart(String callSid, String streamSid, Map<String, String> customParameters) {
        JsonObjectBuilder parameters = JsonText.JSON.createObjectBuilder();
        customParameters.forEach(parameters::add);
        sendLock.lock();
        try {
            this.callSid = callSid;
            this.streamSid = streamSid;
            send(JsonText.JSON.createObjectBuilder()
                    .add("event", "start")
                    .add("sequenceNumber", nextSequenceNumber())
                    .add("start", JsonText.JSON.createObjectBuilder()
                            .add("accountSid", accountSid)
                            .add("streamSid", streamSid)
                            .add("callSid", callSid)
                            .add("tracks", JsonText.JSON.createArrayBuilder().add("inbound"))
                            .add("mediaFormat", JsonText.JSON.createObjectBuilder()
                                    .add("encoding", "audio/x-mulaw")
                                    .add("sampleRate", 8000)
                                    .add("channels", 1))
                            .add("customParameters", parameters))
                    .add("streamSid", streamSid));
        } finally {
            sendLock.unlock();
        }
    }

    /** One inbound media message; chunk counts from "1", timestamp advances 1 ms per 8 µ-law bytes (20 ms per 160). */
    public void sendMedia(byte[] mulaw) {
        sendLock.lock();
        try {
            String sid = requireStarted();
            String timestamp = Long.toString(mediaBytes / MULAW_BYTES_PER_MS);
            mediaBytes += mulaw.length;
            send(JsonText.JSON.createObjectBuilder()
                    .add("event", "media")
                    .add("sequenceNumber", nextSequenceNumber())
                    .add("media", JsonText.JSON.createObjectBuilder()
                            .add("track", "inbound")
                            .add("chunk", Integer.toString(++chunk))
                            .add("timestamp", timestamp)
                            .add("payload", Base64.getEncoder().encodeToString(mulaw)))
                    .add("streamSid", sid));
        } finally {
            sendLock.unlock();
        }
    }

    /** A key press (track "inbound_track", as Twilio spells it for DTMF). */
    public void sendDtmf(String digit) {
        sendLock.lock();
        try {
            String sid = requireStarted();
            send(JsonText.JSON.createObjectBuilder()
                    .add("event", "dtmf")
                    .add("streamSid", sid)
                    .add("sequenceNumber", nextSequenceNumber())
                    .add("dtmf", JsonText.JSON.createObjectBuilder().add("track", "inbound_track").add("digit", digit)));
        } finally {
            sendLock.unlock();
        }
    }

    /** Presses each key of {@code keys} in turn (e.g. {@code "1234567#"}): one dtmf message per key, in order. */
    public void pressKeys(String keys) {
        for (char key : keys.toCharArray()) {
            sendDtmf(String.valueOf(key));
        }
    }

    /** Echoes a mark: "the audio sent before this mark has played (or was cleared)". */
    public void sendMark(String name) {
        sendLock.lock();
        try {
            String sid = requireStarted();
            send(JsonText.JSON.createObjectBuilder()
                    .add("event", "mark")
                    .add("sequenceNumber", nextSequenceNumber())
                    .add("streamSid", sid)
                    .add("mark", JsonText.JSON.createObjectBuilder().add("name", name)));
        } finally {
            sendLock.unlock();
        }
    }

    /** The stop message (call ended). */
    public void sendStop() {
        sendLock.lock();
        try {
            String sid = requireStarted();
            send(JsonText.JSON.createObjectBuilder()
                    .add("event", "stop")
                    .add("sequenceNumber", nextSequenceNumber())
                    .add("stop", JsonText.JSON.createObjectBuilder().add("accountSid", accountSid).add("callSid", callSid))
                    .add("streamSid", sid));
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends a text frame as is (sequence numbers are not touched). */
    public void sendRaw(String text) {
        sendLock.lock();
        try {
            session.send(text, true);
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends a binary frame (Twilio never does; for robustness tests). */
    public void sendBinary(byte[] bytes) {
        sendLock.lock();
        try {
            session.send(BufferData.create(bytes), true);
        } finally {
            sendLock.unlock();
        }
    }

    /** Every JSON object the server sent, in order (invalid ones included, as far as they parsed). */
    public List<JsonObject> receivedMessages() {
        receiveLock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            receiveLock.unlock();
        }
    }

    /** The decoded payloads of all media messages from the server, concatenated in order. */
    public byte[] receivedAudio() {
        return audio.bytes();
    }

    /** When each media message from the server arrived ({@link System#nanoTime()}), in order. */
    public List<Long> audioArrivals() {
        return audio.arrivals();
    }

    /** Waits until at least {@code bytes} bytes of server audio arrived; returns all of it so far. */
    public byte[] awaitAudio(int bytes, Duration timeout) {
        return audio.await(bytes, timeout);
    }

    /**
     * The next message with this {@code event} (e.g. "clear") not returned by an earlier call for the same event;
     * fails after {@code timeout}.
     */
    public JsonObject awaitEvent(String event, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        receiveLock.lock();
        try {
            while (true) {
                int cursor = eventCursors.getOrDefault(event, 0);
                Optional<Integer> index = indexOfEvent(event, cursor);
                if (index.isPresent()) {
                    eventCursors.put(event, index.get() + 1);
                    return messages.get(index.get());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + event + "' from the server within " + timeout + "; received " + messages);
                }
                received.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + event, e);
        } finally {
            receiveLock.unlock();
        }
    }

    /** True once the socket is closed: the server sent a close frame (also in answer to ours) or the TCP connection ended. */
    public boolean awaitClosed(Duration timeout) {
        return end.await(timeout);
    }

    /** The code of the server's close frame; -1 if none arrived (yet). */
    public int closeCode() {
        return end.closeCode();
    }

    /** Everything the server sent that Twilio would reject (warnings 31950 / 31951). */
    public List<String> protocolViolations() {
        return List.copyOf(violations);
    }

    /** Closes the stream WebSocket with 1000, like Twilio when the call ends. */
    @Override
    public void close() {
        sendLock.lock();
        try {
            session.close(WsCloseCodes.NORMAL_CLOSE, "normal");
        } catch (RuntimeException e) {
            // Already closed by the server: nothing left to close.
        } finally {
            sendLock.unlock();
        }
    }

    private void onText(String text) {
        Optional<JsonValue> parsed = JsonText.parse(text);
        if (parsed.isEmpty() || !TwilioInboundRules.isObject(parsed.get())) {
            violations.add("text frame is not a JSON object (31951): " + JsonText.abbreviate(text));
            return;
        }
        JsonObject message = parsed.get().asJsonObject();
        List<String> problems = TwilioInboundRules.check(message, streamSid);
        violations.addAll(problems);
        if ("media".equals(message.getString("event", null))) {
            byte[] payload = TwilioInboundRules.mediaPayload(message);
            if (payload != null) {
                audio.append(payload);
            }
        }
        receiveLock.lock();
        try {
            messages.add(message);
            received.signalAll();
        } finally {
            receiveLock.unlock();
        }
        if (autoEchoMarks && problems.isEmpty() && "mark".equals(message.getString("event", null))) {
            sendMark(message.getJsonObject("mark").getString("name"));
        }
    }

    private void onBinary(byte[] bytes) {
        violations.add("binary frame of " + bytes.length + " bytes; Twilio accepts text frames only (31950)");
    }

    private Optional<Integer> indexOfEvent(String event, int from) {
        for (int i = from; i < messages.size(); i++) {
            if (event.equals(messages.get(i).getString("event", null))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private String requireStarted() {
        String sid = streamSid;
        if (sid == null) {
            throw new IllegalStateException("send start first: Twilio sends nothing but connected before start");
        }
        return sid;
    }

    private String nextSequenceNumber() {
        return Integer.toString(++sequenceNumber);
    }

    private void send(JsonObjectBuilder message) {
        session.send(message.build().toString(), true);
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Helidon callbacks; they run on the client's read thread. */
    private final class Listener implements WsListener {
        private final FrameAssembler frames = new FrameAssembler();

        @Override
        public void onOpen(WsSession openedSession) {
            end.opened();
            opened.complete(openedSession);
        }

        @Override
        public void onMessage(WsSession ignored, String text, boolean last) {
            frames.text(text, last).ifPresent(FakeTwilioCaller.this::onText);
        }

        @Override
        public void onMessage(WsSession ignored, BufferData buffer, boolean last) {
            frames.binary(buffer, last).ifPresent(FakeTwilioCaller.this::onBinary);
        }

        @Override
        public void onPing(WsSession pinged, BufferData buffer) {
            // Helidon 4.2 does not answer pings by itself.
            byte[] payload = FrameAssembler.copy(buffer);
            sendLock.lock();
            try {
                pinged.pong(BufferData.create(payload));
            } finally {
                sendLock.unlock();
            }
        }

        @Override
        public void onClose(WsSession ignored, int status, String reason) {
            end.closeFrame(status);
        }

        @Override
        public void onError(WsSession ignored, Throwable t) {
            violations.add("connection error: " + t);
            end.failed();
        }
    }
}
