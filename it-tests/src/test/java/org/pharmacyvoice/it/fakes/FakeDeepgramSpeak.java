package org.pharmacyvoice.it.fakes;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A local stand-in for wss://api.deepgram.com/v1/speak (streaming text-to-speech) whose audio is <b>sized to the
 * text</b> and tells where it came from: for the text of each {@code Flush} it streams {@link #audioFor(String)} —
 * about one second (8,000 bytes of μ-law) per 15 characters, made of the text's UTF-8 repeated — in binary messages of
 * {@link #chunkBytes(int)} bytes, then {@code Flushed}. {@code Clear} stops the audio of everything before it and is
 * answered {@code Cleared}; {@code Close} ends the socket after what is already being spoken.
 *
 * <p>Like Deepgram it keeps its documented limits: a {@code Speak} of more than 2,000 characters and a 21st
 * {@code Flush} within 60 seconds are answered with a {@code Warning} and not spoken (the client broke a limit, so they
 * also count as protocol violations).
 */
public final class FakeDeepgramSpeak implements AutoCloseable {

    /** The endpoint's path, as on Deepgram. */
    public static final String PATH = "/v1/speak";
    /** Audio per character: 8,000 bytes (one second of 8 kHz μ-law) per 15 characters. */
    static final int BYTES_PER_15_CHARS = 8000;
    static final int MAX_SPEAK_CHARS = 2000;
    static final int MAX_FLUSHES_PER_MINUTE = 20;

    private final BlockingQueue<Voice> unclaimed = new LinkedBlockingQueue<>();
    private final List<Voice> voices = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean refusing;
    private volatile int chunkBytes = 1600;
    private volatile Duration chunkDelay = Duration.ZERO;
    private volatile Duration firstChunkDelay = Duration.ZERO;
    private final WebServer server;

    private FakeDeepgramSpeak() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                // A refused upgrade falls through to this route (helidon-4.2-notes.md §2.4).
                .routing(http -> http.get(PATH, (req, res) -> res.status(Status.SERVICE_UNAVAILABLE_503).send()))
                .addRouting(WsRouting.builder().endpoint(PATH, () -> new Endpoint(new Voice(created.incrementAndGet()))))
                .build()
                .start();
    }

    /** Starts the fake on a free loopback port. */
    public static FakeDeepgramSpeak start() {
        return new FakeDeepgramSpeak();
    }

    /** {@code ws://127.0.0.1:PORT/v1/speak}, to put into the adapter's speak URL. */
    public URI url() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    // ---- test audio ----

    /**
     * The audio the fake speaks for {@code text}: {@code ceil(chars × 8000 / 15)} bytes of the text's UTF-8 repeated,
     * e.g. 11,200 bytes (1.4 s) for "Your refill is ready." — so a test can tell which text a piece of audio came from.
     */
    public static byte[] audioFor(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] audio = new byte[audioLengthFor(text)];
        if (utf8.length == 0) {
            return audio;
        }
        for (int i = 0; i < audio.length; i++) {
            audio[i] = utf8[i % utf8.length];
        }
        return audio;
    }

    /** How many bytes of audio {@code text} gets. */
    public static int audioLengthFor(String text) {
        int chars = text.codePointCount(0, text.length());
        return (int) ((chars * (long) BYTES_PER_15_CHARS + 14) / 15);
    }

    // ---- controls ----

    /** The size of each binary audio message (default 1,600 bytes, 200 ms). */
    public FakeDeepgramSpeak chunkBytes(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("chunks must have at least one byte");
        }
        chunkBytes = bytes;
        return this;
    }

    /** A pause before each audio message, so that audio arrives over time (default none), e.g. 20 ms. */
    public FakeDeepgramSpeak chunkDelay(Duration delay) {
        chunkDelay = delay;
        return this;
    }

    /**
     * A pause before the first audio message of each Flush, on top of {@link #chunkDelay}: the service's time to
     * first byte (default none), e.g. 150 ms.
     */
    public FakeDeepgramSpeak firstChunkDelay(Duration delay) {
        firstChunkDelay = delay;
        return this;
    }

    /** While true, upgrades are answered 503 Service Unavailable. */
    public FakeDeepgramSpeak refuseConnections(boolean refuse) {
        refusing = refuse;
        return this;
    }

    /** How many upgrades were refused so far. */
    public int refusedConnections() {
        return refused.get();
    }

    /** Drops the TCP connection of every open voice without a close frame. */
    public void dropAll() {
        voices.stream().filter(v -> !v.isEnded()).forEach(Voice::drop);
    }

    /** The next voice opened by the client under test that no earlier call returned; fails after {@code timeout}. */
    public Voice awaitConnection(Duration timeout) {
        try {
            Voice voice = unclaimed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (voice == null) {
                throw new AssertionError("no connection to the fake Deepgram speak within " + timeout
                        + " (connections so far: " + connectionCount() + ")");
            }
            return voice;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a connection", e);
        }
    }

    public int connectionCount() {
        return voices.size();
    }

    public List<Voice> connections() {
        return List.copyOf(voices);
    }

    /** What any client did that Deepgram would reject, each prefixed with its connection. */
    public List<String> protocolViolations() {
        return voices.stream().flatMap(v -> v.protocolViolations().stream().map(x -> v + ": " + x)).toList();
    }

    @Override
    public void close() {
        voices.forEach(Voice::stopSpeaking);
        server.stop();
    }

    // ---- one voice ----

    /** A client message as the fake received it: {@code Speak} with its text, or Flush, Clear, Close (text empty). */
    public record Received(String type, String text) {
    }

    /** One WebSocket connection accepted by the fake. */
    public final class Voice {

        /** Work for the speaker thread, in order. */
        private sealed interface Job {
        }

        /** The text of one Flush, to be spoken unless a Clear came after it. */
        private record Speech(String text, long clearEpoch) implements Job {
        }

        /** Answers a Clear, after the audio already sent. */
        private record ClearedJob() implements Job {
        }

        /** Answers Close: a normal close after what is being spoken. */
        private record CloseJob() implements Job {
        }

        /** Ends the speaker thread (the socket is gone). */
        private record StopJob() implements Job {
        }

        private final int number;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final List<Long> receivedTimes = new CopyOnWriteArrayList<>();
        private final List<Long> audioTimes = new CopyOnWriteArrayList<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final List<JsonObject> sent = new CopyOnWriteArrayList<>();
        private final AudioBuffer audioSent = new AudioBuffer();
        private final ConnectionEnd end = new ConnectionEnd();
        private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
        private final AtomicLong clearEpoch = new AtomicLong();
        private final ArrayDeque<Long> flushTimes = new ArrayDeque<>();
        private final StringBuilder buffered = new StringBuilder();
        private final AtomicInteger flushedSequence = new AtomicInteger();
        private final AtomicInteger clearedSequence = new AtomicInteger();
        private volatile Map<String, List<String>> upgradeHeaders = Map.of();
        private volatile String rawQuery = "";
        private volatile Map<String, String> query = Map.of();
        private volatile SerializedSession session;
        private volatile CountDownLatch reading = new CountDownLatch(0);

        Voice(int number) {
            this.number = number;
        }

        public Map<String, String> query() {
            return query;
        }

        public String rawQuery() {
            return rawQuery;
        }

        /** The {@code Authorization} header of the upgrade (e.g. {@code "Token <key>"}), or null. */
        public String authorization() {
            return upgradeHeaders.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }

        /** Every Speak, Flush, Clear and Close the client sent, in order. */
        public List<Received> received() {
            return List.copyOf(received);
        }

        /** When each message of {@link #received()} arrived ({@link System#nanoTime()}). */
        public List<Long> receivedTimes() {
            return List.copyOf(receivedTimes);
        }

        /** When each audio message went out ({@link System#nanoTime()}), in order. */
        public List<Long> audioTimes() {
            return List.copyOf(audioTimes);
        }

        /** The text of every Speak, in order. */
        public List<String> spokenTexts() {
            return received.stream().filter(r -> r.type().equals("Speak")).map(Received::text).toList();
        }

        public int flushCount() {
            return count("Flush");
        }

        public int clearCount() {
            return count("Clear");
        }

        /** Waits until the client has sent {@code count} messages of {@code type} ("Speak", "Flush", ...). */
        public List<Received> awaitReceived(String type, int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count(type) < count) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("expected " + count + " " + type + " within " + timeout + ", got "
                            + received);
                }
                sleep(10);
            }
            return received();
        }

        /** All audio the fake sent on this voice, concatenated. */
        public byte[] audioSent() {
            return audioSent.bytes();
        }

        /** Every JSON message the fake sent (Flushed, Cleared, Warning), in order. */
        public List<JsonObject> sentMessages() {
            return List.copyOf(sent);
        }

        /** Sends a text message as is. */
        public void sendJson(String json) {
            SerializedSession open = session();
            // Recorded first: the client may react to the message before send() even returns.
            JsonText.parse(json).filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT)
                    .ifPresent(v -> sent.add(v.asJsonObject()));
            open.sendText(json);
        }

        /** Closes with {@code code} and {@code reason}. */
        public void close(int code, String reason) {
            session().close(code, reason);
        }

        /** Drops the TCP connection without a close frame. */
        public void drop() {
            stopSpeaking();
            session().abort();
        }

        /** Stops reading: the client's messages wait unread until {@link #resumeReading()}. */
        public void stopReading() {
            reading = new CountDownLatch(1);
        }

        public void resumeReading() {
            reading.countDown();
        }

        public boolean isEnded() {
            return end.isEnded();
        }

        public boolean awaitClosed(Duration timeout) {
            return end.await(timeout);
        }

        public int closeCode() {
            return end.closeCode();
        }

        public List<String> protocolViolations() {
            return List.copyOf(violations);
        }

        @Override
        public String toString() {
            return "SpeakVoice#" + number;
        }

        // ---- the connection's side ----

        void upgraded(HttpPrologue prologue, Headers headers) {
            upgradeHeaders = Map.copyOf(UpgradeHeaders.of(headers));
            rawQuery = prologue.query().rawValue();
            var parameters = new LinkedHashMap<String, String>();
            if (!rawQuery.isEmpty()) {
                for (String pair : rawQuery.split("&")) {
                    int equals = pair.indexOf('=');
                    String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    if (parameters.put(name, value) != null) {
                        violations.add("query parameter '" + name + "' given twice");
                    }
                }
            }
            query = Map.copyOf(parameters);
            if (!"mulaw".equals(query.get("encoding")) || !"8000".equals(query.get("sample_rate"))) {
                violations.add("phone audio needs encoding=mulaw&sample_rate=8000, the query was: " + rawQuery);
            }
            String container = query.get("container");
            if (container != null && !container.equals("none")) {
                violations.add("the speak socket supports only container=none, the query was: " + rawQuery);
            }
        }

        void opened(SerializedSession openedSession) {
            end.opened();
            session = openedSession;
            Thread.ofVirtual().name("fake-deepgram-speak-" + number).start(this::speak);
        }

        void awaitReading() {
            try {
                reading.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void closed(int code) {
            end.closeFrame(code);
            stopSpeaking();
        }

        void failed(Throwable error) {
            violations.add("connection error: " + error);
            end.failed();
            stopSpeaking();
        }

        void onBinary(byte[] bytes) {
            violations.add("a binary message of " + bytes.length + " bytes (the speak socket takes only JSON)");
        }

        void onText(String text) {
            Optional<JsonValue> parsed = JsonText.parse(text);
            if (parsed.isEmpty() || parsed.get().getValueType() != JsonValue.ValueType.OBJECT
                    || !(parsed.get().asJsonObject().get("type") instanceof JsonString typeValue)) {
                violations.add("a text message that is not a JSON object with a 'type': " + JsonText.abbreviate(text));
                return;
            }
            JsonObject message = parsed.get().asJsonObject();
            String type = typeValue.getString();
            switch (type) {
                case "Speak" -> {
                    if (!(message.get("text") instanceof JsonString textValue)) {
                        violations.add("Speak without a 'text' string: " + JsonText.abbreviate(text));
                        return;
                    }
                    String words = textValue.getString();
                    note(new Received(type, words));
                    if (words.length() > MAX_SPEAK_CHARS) {
                        violations.add("a Speak of " + words.length() + " characters (the limit is 2000)");
                        warn("TEXT_TOO_LONG", "Speak text longer than " + MAX_SPEAK_CHARS + " characters");
                        return;
                    }
                    buffered.append(words);
                }
                case "Flush" -> {
                    note(new Received(type, ""));
                    long now = System.nanoTime();
                    while (!flushTimes.isEmpty() && now - flushTimes.peekFirst() >= TimeUnit.SECONDS.toNanos(60)) {
                        flushTimes.removeFirst();
                    }
                    if (flushTimes.size() >= MAX_FLUSHES_PER_MINUTE) {
                        violations.add("a Flush beyond 20 in 60 seconds");
                        warn("FLUSH_LIMIT", "Cannot process more Flush messages until the 60-second window has passed");
                        return;
                    }
                    flushTimes.addLast(now);
                    String words = buffered.toString();
                    buffered.setLength(0);
                    jobs.add(new Speech(words, clearEpoch.get()));
                }
                case "Clear" -> {
                    note(new Received(type, ""));
                    buffered.setLength(0);
                    clearEpoch.incrementAndGet();
                    jobs.clear();
                    jobs.add(new ClearedJob());
                }
                case "Close" -> {
                    note(new Received(type, ""));
                    jobs.add(new CloseJob());
                }
                default -> violations.add("unknown message type '" + type + "': " + JsonText.abbreviate(text));
            }
        }

        void stopSpeaking() {
            clearEpoch.incrementAndGet();
            jobs.clear();
            jobs.add(new StopJob());
        }

        /** The speaker thread: one job at a time, audio in chunks, each chunk checked against later Clears. */
        private void speak() {
            while (true) {
                Job job;
                try {
                    job = jobs.take();
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    switch (job) {
                        case Speech speech -> {
                            byte[] audio = audioFor(speech.text());
                            int chunk = chunkBytes;
                            boolean cleared = false;
                            for (int from = 0; from < audio.length; from += chunk) {
                                Duration delay = from == 0 ? chunkDelay.plus(firstChunkDelay) : chunkDelay;
                                if (!delay.isZero()) {
                                    Thread.sleep(delay);
                                }
                                if (clearEpoch.get() != speech.clearEpoch()) {
                                    cleared = true;
                                    break;
                                }
                                byte[] piece = Arrays.copyOfRange(audio, from, Math.min(audio.length, from + chunk));
                                audioTimes.add(System.nanoTime());
                                audioSent.append(piece);
                                session().sendBinary(piece);
                            }
                            if (!cleared && clearEpoch.get() == speech.clearEpoch()) {
                                sendJson("{\"type\":\"Flushed\",\"sequence_id\":" + flushedSequence.getAndIncrement() + "}");
                            }
                        }
                        case ClearedJob cleared ->
                                sendJson("{\"type\":\"Cleared\",\"sequence_id\":" + clearedSequence.getAndIncrement() + "}");
                        case CloseJob close -> {
                            session().close(1000, "");
                            return;
                        }
                        case StopJob stop -> {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // The socket is gone; the test sees it through the client.
                    return;
                }
            }
        }

        private void note(Received message) {
            receivedTimes.add(System.nanoTime());
            received.add(message);
        }

        private void warn(String code, String description) {
            sendJson(JsonText.JSON.createObjectBuilder().add("type", "Warning").add("description", description)
                    .add("code", code).build().toString());
        }

        private int count(String type) {
            return (int) received.stream().filter(r -> r.type().equals(type)).count();
        }

        private SerializedSession session() {
            SerializedSession current = session;
            if (current == null) {
                throw new IllegalStateException(this + " is not open yet");
            }
            return current;
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Helidon listener for one voice: joins fragments, keeps a throwing handler from closing the socket. */
    private final class Endpoint implements WsListener {

        private final Voice voice;
        private final FrameAssembler frames = new FrameAssembler();

        Endpoint(Voice voice) {
            this.voice = voice;
        }

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            if (refusing) {
                refused.incrementAndGet();
                throw new WsUpgradeException("the fake Deepgram speak refuses connections");
            }
            voice.upgraded(prologue, headers);
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            guarded(() -> voice.opened(new SerializedSession(session)));
            voices.add(voice);
            unclaimed.add(voice);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            voice.awaitReading();
            frames.text(text, last).ifPresent(message -> guarded(() -> voice.onText(message)));
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            voice.awaitReading();
            frames.binary(buffer, last).ifPresent(message -> guarded(() -> voice.onBinary(message)));
        }

        @Override
        public void onPing(WsSession session, BufferData buffer) {
            byte[] payload = FrameAssembler.copy(buffer);
            guarded(() -> voice.session().pong(payload));
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            voice.closed(status);
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            voice.failed(t);
        }

        private void guarded(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                voice.failed(e);
            }
        }
    }
}
