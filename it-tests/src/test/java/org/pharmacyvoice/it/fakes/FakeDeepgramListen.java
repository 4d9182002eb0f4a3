package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A local stand-in for wss://api.deepgram.com/v1/listen (streaming speech-to-text) that recognises <b>marked test
 * audio</b>: {@link #utterance(String)} turns a text into 20 ms μ-law frames that carry it, and the fake answers those
 * frames the way Deepgram answers speech — {@code SpeechStarted} at the first marked frame (with {@code vad_events}),
 * an interim {@code Results} part-way (with {@code interim_results}), a final {@code Results} with {@code is_final}
 * and {@code speech_final} once the query's {@code endpointing} of silence followed the last marked frame, and
 * {@code UtteranceEnd} once {@code utterance_end_ms} of silence did. Unmarked audio (silence, noise) produces nothing.
 * Time is audio time (8 bytes a millisecond), so the answers do not depend on how fast a test sends.
 *
 * <p>Like Deepgram, it answers {@code CloseStream} with the last final result, {@code Metadata} and a normal close,
 * {@code Finalize} with a final result, says nothing to {@code KeepAlive}, and closes a stream that received neither
 * audio nor a message for ten seconds with 1011 (NET-0001).
 */
public final class FakeDeepgramListen implements AutoCloseable {

    /** The endpoint's path, as on Deepgram. */
    public static final String PATH = "/v1/listen";
    /** One Twilio media frame: 20 ms of 8 kHz μ-law. */
    public static final int FRAME_BYTES = 160;
    /** How many bytes of text one marked frame carries. */
    static final int TEXT_PER_FRAME = 100;
    /** An utterance is at least this many marked frames (200 ms of "speech"), so there is a middle for the interim. */
    static final int MIN_MARKED_FRAMES = 10;
    /** The silence {@link #utterance(String)} appends: more than endpointing and utterance end need by default. */
    static final Duration TRAILING_SILENCE = Duration.ofMillis(1500);
    private static final byte[] MARK = {(byte) 0xD6, 'G', 'u', 'T'};
    private static final int HEADER_BYTES = MARK.length + 3;
    private static final byte SILENCE = (byte) 0xFF;
    private static final byte VOICED_FILLER = (byte) 0x55;
    private static final String NET_0001 =
            "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001";

    private final BlockingQueue<Stream> unclaimed = new LinkedBlockingQueue<>();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "fake-deepgram-listen-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean refusing;
    private volatile Duration idleTimeout = Duration.ofSeconds(10);
    private final WebServer server;

    private FakeDeepgramListen() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                // A refused upgrade falls through to this route (helidon-4.2-notes.md §2.4).
                .routing(http -> http.get(PATH, (req, res) -> res.status(Status.SERVICE_UNAVAILABLE_503).send()))
                .addRouting(WsRouting.builder().endpoint(PATH, () -> new Endpoint(new Stream(created.incrementAndGet()))))
                .build()
                .start();
        watchdog.scheduleAtFixedRate(this::closeIdleStreams, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Starts the fake on a free loopback port. */
    public static FakeDeepgramListen start() {
        return new FakeDeepgramListen();
    }

    /** {@code ws://127.0.0.1:PORT/v1/listen}, to put into the adapter's listen URL. */
    public URI url() {
        return URI.create("ws://127.0.0.1:" + server.port() + PATH);
    }

    // ---- test audio ----

    /**
     * {@code text} as caller audio: marked 160-byte frames carrying it (at least {@value #MIN_MARKED_FRAMES}, one per
     * {@value #TEXT_PER_FRAME} bytes of UTF-8), then 1.5 s of silence, e.g.
     * {@code FakeDeepgramListen.utterance("I need a refill").forEach(caller::sendAudio)}.
     */
    public static List<byte[]> utterance(String text) {
        return utterance(text, TRAILING_SILENCE);
    }

    /** {@code text} as marked frames followed by {@code trailingSilence} of silence frames. */
    public static List<byte[]> utterance(String text, Duration trailingSilence) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int chunks = (utf8.length + TEXT_PER_FRAME - 1) / TEXT_PER_FRAME;
        int count = Math.max(MIN_MARKED_FRAMES, chunks);
        if (count > 255) {
            throw new IllegalArgumentException("text too long for one utterance: " + utf8.length + " bytes");
        }
        List<byte[]> frames = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            byte[] frame = new byte[FRAME_BYTES];
            Arrays.fill(frame, VOICED_FILLER);
            System.arraycopy(MARK, 0, frame, 0, MARK.length);
            int from = Math.min(utf8.length, index * TEXT_PER_FRAME);
            int length = Math.min(TEXT_PER_FRAME, utf8.length - from);
            frame[MARK.length] = (byte) index;
            frame[MARK.length + 1] = (byte) count;
            frame[MARK.length + 2] = (byte) length;
            System.arraycopy(utf8, from, frame, HEADER_BYTES, length);
            frames.add(frame);
        }
        frames.addAll(silence(trailingSilence));
        return frames;
    }

    /** Silence (μ-law 0xFF) in 160-byte frames, e.g. {@code silence(Duration.ofSeconds(2))}: 100 frames. */
    public static List<byte[]> silence(Duration duration) {
        List<byte[]> frames = new ArrayList<>();
        for (long ms = 0; ms < duration.toMillis(); ms += 20) {
            byte[] frame = new byte[FRAME_BYTES];
            Arrays.fill(frame, SILENCE);
            frames.add(frame);
        }
        return frames;
    }

    // ---- controls ----

    /** While true, upgrades are answered 503 Service Unavailable, as a service in trouble does. */
    public FakeDeepgramListen refuseConnections(boolean refuse) {
        refusing = refuse;
        return this;
    }

    /** How many upgrades were refused so far. */
    public int refusedConnections() {
        return refused.get();
    }

    /** How long a stream may receive nothing before it is closed with 1011 NET-0001 (Deepgram: ten seconds). */
    public FakeDeepgramListen idleTimeout(Duration timeout) {
        idleTimeout = timeout;
        return this;
    }

    /** Drops the TCP connection of every open stream without a close frame, as a network failure or crash would. */
    public void dropAll() {
        streams.stream().filter(s -> !s.isEnded()).forEach(Stream::drop);
    }

    /** The next stream opened by the client under test that no earlier call returned; fails after {@code timeout}. */
    public Stream awaitConnection(Duration timeout) {
        try {
            Stream stream = unclaimed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (stream == null) {
                throw new AssertionError("no stream to the fake Deepgram listen within " + timeout
                        + " (streams so far: " + connectionCount() + ")");
            }
            return stream;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a stream", e);
        }
    }

    /** How many streams have been opened so far. */
    public int connectionCount() {
        return streams.size();
    }

    /** Every stream opened so far, in order. */
    public List<Stream> connections() {
        return List.copyOf(streams);
    }

    /** KeepAlive messages over all streams. */
    public int keepAliveCount() {
        return streams.stream().mapToInt(Stream::keepAlives).sum();
    }

    /** CloseStream messages over all streams. */
    public int closeStreamCount() {
        return streams.stream().mapToInt(Stream::closeStreams).sum();
    }

    /** What any client did that Deepgram would reject, each prefixed with its stream. */
    public List<String> protocolViolations() {
        return streams.stream().flatMap(s -> s.protocolViolations().stream().map(v -> s + ": " + v)).toList();
    }

    /** Stops the server; open streams end without a close frame (Helidon 4.2). */
    @Override
    public void close() {
        watchdog.shutdownNow();
        server.stop();
    }

    private void closeIdleStreams() {
        long now = System.nanoTime();
        for (Stream stream : streams) {
            if (!stream.isEnded() && now - stream.lastReceived > idleTimeout.toNanos()) {
                stream.closeIdle();
            }
        }
    }

    // ---- one stream ----

    /** One WebSocket stream accepted by the fake: what the client sent, what the fake recognised and answered. */
    public static final class Stream {

        private final int number;
        private final String requestId = UUID.randomUUID().toString();
        private final AudioBuffer audio = new AudioBuffer();
        private final ConnectionEnd end = new ConnectionEnd();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final List<JsonObject> sent = new CopyOnWriteArrayList<>();
        private final List<Long> sentTimes = new CopyOnWriteArrayList<>();
        private final List<String> recognised = new CopyOnWriteArrayList<>();
        private final AtomicInteger keepAlives = new AtomicInteger();
        private final AtomicInteger closeStreams = new AtomicInteger();
        private final AtomicInteger finalizes = new AtomicInteger();
        private volatile Map<String, List<String>> upgradeHeaders = Map.of();
        private volatile String rawQuery = "";
        private volatile Map<String, String> query = Map.of();
        private volatile SerializedSession session;
        private volatile CountDownLatch reading = new CountDownLatch(0);
        volatile long lastReceived = System.nanoTime();

        // The recogniser: only the connection's reader thread touches these.
        private final ByteArrayOutputStream unread = new ByteArrayOutputStream();
        private long audioBytes;
        private final ByteArrayOutputStream words = new ByteArrayOutputStream();
        private boolean inUtterance;
        private boolean interimSent;
        private long utteranceStartBytes;
        private long silenceBytes;
        private boolean awaitingEndpoint;
        private boolean awaitingUtteranceEnd;
        private String lastText = "";

        Stream(int number) {
            this.number = number;
        }

        /** The upgrade request's query parameters, decoded, e.g. {@code query().get("encoding")} is "mulaw". */
        public Map<String, String> query() {
            return query;
        }

        /** The upgrade request's raw query. */
        public String rawQuery() {
            return rawQuery;
        }

        /** The {@code Authorization} header of the upgrade (e.g. {@code "Token <key>"}), or null. */
        public String authorization() {
            return upgradeHeader("Authorization").orElse(null);
        }

        /** Any header of the upgrade request, looked up case-insensitively. */
        public Optional<String> upgradeHeader(String name) {
            return upgradeHeaders.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** All audio the client sent, concatenated in arrival order. */
        public byte[] receivedAudio() {
            return audio.bytes();
        }

        /** The binary messages the client sent, one entry per message. */
        public List<byte[]> audioFrames() {
            return audio.frames();
        }

        /** Waits until at least {@code bytes} audio bytes arrived; returns all received so far. */
        public byte[] awaitAudio(int bytes, Duration timeout) {
            return audio.await(bytes, timeout);
        }

        /** The texts recognised so far (one per final result with words), in order. */
        public List<String> recognised() {
            return List.copyOf(recognised);
        }

        /** Every JSON message the fake sent on this stream, in order. */
        public List<JsonObject> sentMessages() {
            return List.copyOf(sent);
        }

        /**
         * When each message of {@link #sentMessages()} went out ({@link System#nanoTime()}), e.g. the end of the
         * caller's turn as the agent learnt it, to measure the agent's answer from.
         */
        public List<Long> sentTimes() {
            return List.copyOf(sentTimes);
        }

        /** The {@code type}s the fake sent, in order, e.g. [SpeechStarted, Results, Results, UtteranceEnd]. */
        public List<String> sentTypes() {
            return sent.stream().map(m -> m.getString("type", "?")).toList();
        }

        /** Waits until the fake has sent {@code count} messages of {@code type} on this stream. */
        public List<JsonObject> awaitSent(String type, int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<JsonObject> ofType = sent.stream().filter(m -> type.equals(m.getString("type", null))).toList();
                if (ofType.size() >= count) {
                    return ofType;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("expected " + count + " " + type + " within " + timeout + ", sent "
                            + sentTypes());
                }
                sleep(10);
            }
        }

        public int keepAlives() {
            return keepAlives.get();
        }

        public int closeStreams() {
            return closeStreams.get();
        }

        public int finalizes() {
            return finalizes.get();
        }

        /** Sends a text message as is (no validation: tests may send what a newer or broken service would). */
        public void sendJson(String json) {
            SerializedSession open = session();
            // Recorded first: the client may react to the message before send() even returns.
            JsonText.parse(json).filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT).ifPresent(v -> {
                sentTimes.add(System.nanoTime());
                sent.add(v.asJsonObject());
            });
            open.sendText(json);
        }

        /** Sends a final result for {@code text} now, as if it had been heard ({@code speech_final} as given). */
        public void sendFinal(String text, boolean speechFinal) {
            sendResults(text, true, speechFinal, false);
        }

        /** Closes with {@code code} and {@code reason}, e.g. {@code close(1011, "NET-0001")}. */
        public void close(int code, String reason) {
            session().close(code, reason);
        }

        /** Drops the TCP connection without a close frame. */
        public void drop() {
            session().abort();
        }

        /** Stops reading: the client's writes back up until {@link #resumeReading()}. */
        public void stopReading() {
            reading = new CountDownLatch(1);
        }

        public void resumeReading() {
            reading.countDown();
        }

        public boolean isEnded() {
            return end.isEnded();
        }

        /** True once the stream ended (close frame or TCP end) within {@code timeout}. */
        public boolean awaitClosed(Duration timeout) {
            return end.await(timeout);
        }

        /** The code of the client's close frame; -1 if none was received (yet). */
        public int closeCode() {
            return end.closeCode();
        }

        /** What the client did that Deepgram would reject or that breaks the documented protocol. */
        public List<String> protocolViolations() {
            return List.copyOf(violations);
        }

        @Override
        public String toString() {
            return "ListenStream#" + number;
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
        }

        void opened(SerializedSession openedSession) {
            end.opened();
            session = openedSession;
            lastReceived = System.nanoTime();
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
        }

        void failed(Throwable error) {
            violations.add("connection error: " + error);
            end.failed();
        }

        void onBinary(byte[] bytes) {
            lastReceived = System.nanoTime();
            if (bytes.length == 0) {
                violations.add("an empty binary message (Deepgram reads it as the end of the audio)");
                return;
            }
            audio.append(bytes);
            recognise(bytes);
        }

        void onText(String text) {
            lastReceived = System.nanoTime();
            Optional<JsonValue> parsed = JsonText.parse(text);
            if (parsed.isEmpty() || parsed.get().getValueType() != JsonValue.ValueType.OBJECT
                    || !(parsed.get().asJsonObject().get("type") instanceof JsonString type)) {
                violations.add("a text message that is not a JSON object with a 'type': " + JsonText.abbreviate(text));
                return;
            }
            switch (type.getString()) {
                case "KeepAlive" -> keepAlives.incrementAndGet();
                case "Finalize" -> {
                    finalizes.incrementAndGet();
                    finishUtterance(true);
                }
                case "CloseStream" -> {
                    closeStreams.incrementAndGet();
                    finishUtterance(false);
                    sendJson(JsonText.JSON.createObjectBuilder()
                            .add("type", "Metadata")
                            .add("transaction_key", "deprecated")
                            .add("request_id", requestId)
                            .add("sha256", "0".repeat(64))
                            .add("created", "2026-12-01T00:00:00.000Z")
                            .add("duration", audioBytes / 8000.0)
                            .add("channels", 1)
                            .build().toString());
                    session().close(1000, "");
                }
                default -> violations.add("unknown message type '" + type.getString() + "': " + JsonText.abbreviate(text));
            }
        }

        void closeIdle() {
            try {
                session().close(1011, NET_0001);
            } catch (RuntimeException alreadyGone) {
                end.failed();
            }
        }

        // ---- the recogniser (reader thread) ----

        /** Finds marked frames anywhere in the byte stream, whatever the message boundaries; the rest is silence. */
        private void recognise(byte[] bytes) {
            unread.writeBytes(bytes);
            byte[] data = unread.toByteArray();
            int position = 0;
            while (position < data.length) {
                int mark = indexOf(data, MARK, position);
                if (mark < 0) {
                    // Keep a tail that could be the start of a mark split across messages.
                    int keep = markPrefixAtEnd(data, position);
                    heardSilence(data.length - position - keep);
                    position = data.length - keep;
                    break;
                }
                heardSilence(mark - position);
                if (data.length - mark < FRAME_BYTES) {
                    position = mark;
                    break;
                }
                markedFrame(data, mark);
                position = mark + FRAME_BYTES;
            }
            unread.reset();
            unread.write(data, position, data.length - position);
        }

        private void markedFrame(byte[] data, int at) {
            int index = data[at + MARK.length] & 0xFF;
            int count = data[at + MARK.length + 1] & 0xFF;
            int length = Math.min(TEXT_PER_FRAME, data[at + MARK.length + 2] & 0xFF);
            if (index == 0) {
                if (awaitingEndpoint) {
                    // The caller spoke again before the endpointing silence: the last words are final, not the turn.
                    sendFinalText(false, false);
                }
                awaitingUtteranceEnd = false;
                inUtterance = true;
                interimSent = false;
                words.reset();
                utteranceStartBytes = audioBytes;
                if ("true".equals(query.get("vad_events"))) {
                    sendJson(JsonText.JSON.createObjectBuilder()
                            .add("type", "SpeechStarted")
                            .add("channel", JsonText.JSON.createArrayBuilder().add(0))
                            .add("timestamp", audioBytes / 8000.0)
                            .build().toString());
                }
            }
            audioBytes += FRAME_BYTES;
            silenceBytes = 0;
            if (!inUtterance) {
                return;
            }
            words.write(data, at + HEADER_BYTES, length);
            if (!interimSent && index >= count / 2 && index < count - 1 && "true".equals(query.get("interim_results"))) {
                interimSent = true;
                String soFar = words.toString(StandardCharsets.UTF_8);
                String[] spoken = soFar.split("\\s+");
                int half = Math.max(1, (spoken.length + 1) / 2);
                sendResults(String.join(" ", Arrays.copyOf(spoken, Math.min(half, spoken.length))).strip(), false,
                        false, false);
            }
            if (index == count - 1) {
                inUtterance = false;
                lastText = words.toString(StandardCharsets.UTF_8);
                awaitingEndpoint = true;
                if ("false".equals(query.get("endpointing"))) {
                    sendFinalText(false, false);
                }
            }
        }

        private void heardSilence(int bytes) {
            if (bytes <= 0) {
                return;
            }
            audioBytes += bytes;
            silenceBytes += bytes;
            if (awaitingEndpoint && silenceBytes >= 8L * millis("endpointing", 10)) {
                sendFinalText(true, false);
                awaitingUtteranceEnd = query.containsKey("utterance_end_ms");
            }
            if (awaitingUtteranceEnd && silenceBytes >= 8L * millis("utterance_end_ms", 1000)) {
                awaitingUtteranceEnd = false;
                sendJson(JsonText.JSON.createObjectBuilder()
                        .add("type", "UtteranceEnd")
                        .add("channel", JsonText.JSON.createArrayBuilder().add(0).add(1))
                        .add("last_word_end", (audioBytes - silenceBytes) / 8000.0)
                        .build().toString());
            }
        }

        /** Finalize or CloseStream: what was heard so far becomes final, not the end of the turn. */
        private void finishUtterance(boolean fromFinalize) {
            if (inUtterance) {
                inUtterance = false;
                lastText = words.toString(StandardCharsets.UTF_8);
                awaitingEndpoint = true;
            }
            if (awaitingEndpoint) {
                sendFinalText(false, fromFinalize);
            }
        }

        private void sendFinalText(boolean speechFinal, boolean fromFinalize) {
            awaitingEndpoint = false;
            recognised.add(lastText);
            sendResults(lastText, true, speechFinal, fromFinalize);
        }

        private void sendResults(String transcript, boolean isFinal, boolean speechFinal, boolean fromFinalize) {
            double start = utteranceStartBytes / 8000.0;
            double duration = Math.max(0.02, (audioBytes - utteranceStartBytes) / 8000.0);
            JsonArrayBuilder wordList = JsonText.JSON.createArrayBuilder();
            String[] spoken = transcript.isBlank() ? new String[0] : transcript.strip().split("\\s+");
            for (int i = 0; i < spoken.length; i++) {
                double wordStart = start + duration * i / spoken.length;
                wordList.add(JsonText.JSON.createObjectBuilder()
                        .add("word", spoken[i].replaceAll("\\p{Punct}", "").toLowerCase(java.util.Locale.ROOT))
                        .add("start", wordStart)
                        .add("end", wordStart + duration / spoken.length)
                        .add("confidence", 0.99)
                        .add("punctuated_word", spoken[i]));
            }
            sendJson(JsonText.JSON.createObjectBuilder()
                    .add("type", "Results")
                    .add("channel_index", JsonText.JSON.createArrayBuilder().add(0).add(1))
                    .add("duration", duration)
                    .add("start", start)
                    .add("is_final", isFinal)
                    .add("speech_final", speechFinal)
                    .add("channel", JsonText.JSON.createObjectBuilder()
                            .add("alternatives", JsonText.JSON.createArrayBuilder().add(JsonText.JSON.createObjectBuilder()
                                    .add("transcript", transcript)
                                    .add("confidence", 0.99)
                                    .add("words", wordList))))
                    .add("metadata", JsonText.JSON.createObjectBuilder()
                            .add("request_id", requestId)
                            .add("model_info", JsonText.JSON.createObjectBuilder()
                                    .add("name", query.getOrDefault("model", "nova-3"))
                                    .add("version", "fake")
                                    .add("arch", "fake"))
                            .add("model_uuid", "00000000-0000-0000-0000-000000000000"))
                    .add("from_finalize", fromFinalize)
                    .build().toString());
        }

        private long millis(String parameter, long otherwise) {
            String value = query.get(parameter);
            if (value == null) {
                return otherwise;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                violations.add(parameter + " is not a number of milliseconds: " + value);
                return otherwise;
            }
        }

        private SerializedSession session() {
            SerializedSession current = session;
            if (current == null) {
                throw new IllegalStateException(this + " is not open yet");
            }
            return current;
        }

        /** How many of the last bytes (from {@code from} on) could begin a mark that the next message completes. */
        private static int markPrefixAtEnd(byte[] data, int from) {
            for (int keep = Math.min(MARK.length - 1, data.length - from); keep > 0; keep--) {
                if (Arrays.equals(data, data.length - keep, data.length, MARK, 0, keep)) {
                    return keep;
                }
            }
            return 0;
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = from; i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
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

    /** Helidon listener for one stream: joins fragments, keeps a throwing handler from closing the socket. */
    private final class Endpoint implements WsListener {

        private final Stream stream;
        private final FrameAssembler frames = new FrameAssembler();

        Endpoint(Stream stream) {
            this.stream = stream;
        }

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            if (refusing) {
                refused.incrementAndGet();
                throw new WsUpgradeException("the fake Deepgram listen refuses connections");
            }
            stream.upgraded(prologue, headers);
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            guarded(() -> stream.opened(new SerializedSession(session)));
            streams.add(stream);
            unclaimed.add(stream);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            stream.awaitReading();
            frames.text(text, last).ifPresent(message -> guarded(() -> stream.onText(message)));
        }

        @Override
        public void onMessage(WsSession session, BufferData buffer, boolean last) {
            stream.awaitReading();
            frames.binary(buffer, last).ifPresent(message -> guarded(() -> stream.onBinary(message)));
        }

        @Override
        public void onPing(WsSession session, BufferData buffer) {
            byte[] payload = FrameAssembler.copy(buffer);
            guarded(() -> stream.session().pong(payload));
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            stream.closed(status);
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            stream.failed(t);
        }

        // A throwing callback would make Helidon close the socket with 1011; report it as a finding instead.
        private void guarded(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                stream.failed(e);
            }
        }
    }
}
