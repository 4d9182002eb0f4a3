package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;

/** The speech-to-text adapter against a fake {@code /v1/listen}: what goes out, what comes back, how it ends. */
class DeepgramSpeechToTextTest {

    private static final String CALL = Fixtures.CALL.callSid();

    private final FakeSpeechService deepgram = FakeSpeechService.start();
    private final RecordingSpeech<Heard> heard = new RecordingSpeech<>();
    private DeepgramSpeechToText speechToText;
    private Transcription stream;
    private FakeSpeechService.Peer peer;

    @AfterEach
    void stop() {
        if (speechToText != null) {
            speechToText.close();
        }
        deepgram.close();
    }

    static DeepgramSpeechSettings settings(FakeSpeechService fake) {
        return DeepgramSpeechSettings.defaults(Fixtures.API_KEY).withUrls(fake.listenUrl(), fake.speakUrl())
                .withTimings(Duration.ofSeconds(3), Duration.ofMinutes(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(10));
    }

    private void listen(DeepgramSpeechSettings settings) throws Exception {
        speechToText = new DeepgramSpeechToText(settings);
        stream = speechToText.listen(CALL, heard);
        peer = deepgram.awaitPeer();
    }

    private void listen() throws Exception {
        listen(settings(deepgram));
    }

    /** The query's parameters by name; a name given twice fails the test. */
    static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (parameters.put(name, value) != null) {
                throw new AssertionError("parameter " + name + " given twice in " + query);
            }
        }
        return parameters;
    }

    private static byte[] frame(int sequence) {
        byte[] frame = new byte[160];
        Arrays.fill(frame, (byte) (sequence * 7));
        ByteBuffer.wrap(frame).putInt(sequence);
        return frame;
    }

    private static String results(String transcript, boolean isFinal, boolean speechFinal) {
        return "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":1.02,\"start\":0.0,\"is_final\":" + isFinal
                + ",\"speech_final\":" + speechFinal + ",\"channel\":{\"alternatives\":[{\"transcript\":\""
                + transcript + "\",\"confidence\":0.98,\"words\":[]}]},\"metadata\":{\"request_id\":\"r1\","
                + "\"model_info\":{\"name\":\"2-general-nova\",\"version\":\"2024-01-06\",\"arch\":\"nova-3\"},"
                + "\"model_uuid\":\"u1\"},\"from_finalize\":false}";
    }

    @Test
    void opensWithThePhoneAudioQueryAndTheTokenHeader() throws Exception {
        listen();

        assertThat(peer.path(), is("/v1/listen"));
        // Helidon's client sends the parameters in an order of its own; Deepgram reads them by name.
        assertThat(parameters(peer.query()), is(Map.of("model", "nova-3", "encoding", "mulaw", "sample_rate", "8000",
                "channels", "1", "interim_results", "true", "endpointing", "300", "utterance_end_ms", "1000",
                "vad_events", "true", "smart_format", "true", "punctuate", "true")));
        assertThat(peer.authorization(), is("Token " + Fixtures.API_KEY));
    }

    @Test
    void modelAndTurnTakingComeFromTheSettings() throws Exception {
        listen(settings(deepgram).withModels("nova-2-phonecall", "aura-2-thalia-en")
                .withTurnTaking(Duration.ofMillis(500), Duration.ofMillis(1500)));

        Map<String, String> parameters = parameters(peer.query());
        assertThat(parameters.get("model"), is("nova-2-phonecall"));
        assertThat(parameters.get("endpointing"), is("500"));
        assertThat(parameters.get("utterance_end_ms"), is("1500"));
        assertThat(parameters.size(), is(10));
    }

    @Test
    void callerAudioArrivesByteExactOneMessagePerFrameInOrder() throws Exception {
        listen();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] audio = frame(i);
            sent.add(audio.clone());
            stream.sendAudio(audio);
            Arrays.fill(audio, (byte) 0);   // the caller reuses its buffer: what was sent must not change
        }
        stream.sendAudio(new byte[0]);   // Deepgram would read an empty message as the end of the audio

        for (byte[] expected : sent) {
            FakeSpeechService.Frame received = peer.awaitFrame();
            assertThat(received, instanceOf(FakeSpeechService.Frame.Binary.class));
            assertThat(((FakeSpeechService.Frame.Binary) received).bytes(), is(expected));
        }
        assertThat(peer.drain(200), is(empty()));
    }

    @Test
    void eachMessageTypeBecomesItsEventAndMetadataAndUnknownTypesAreIgnored() throws Exception {
        listen();

        peer.sendText("{\"type\":\"SpeechStarted\",\"channel\":[0],\"timestamp\":0.52}");
        peer.sendText(results("", false, false));
        peer.sendText(results("I need", false, false));
        peer.sendText(results("I need a refill", true, false));
        peer.sendText(results("of my inhaler.", true, true));
        peer.sendText(results("", true, false));
        peer.sendText("{\"type\":\"UtteranceEnd\",\"channel\":[0,1],\"last_word_end\":3.1}");
        peer.sendText("{\"type\":\"Metadata\",\"transaction_key\":\"deprecated\",\"request_id\":\"r1\","
                + "\"sha256\":\"x\",\"created\":\"2026-12-01T06:00:00Z\",\"duration\":3.2,\"channels\":1}");
        peer.sendText("{\"type\":\"SomethingNew\",\"detail\":42}");
        peer.sendText(results("", true, true));

        assertThat(heard.drain(500), contains(new Heard.SpeechStarted(), new Heard.Interim("I need"),
                new Heard.Final("I need a refill", false), new Heard.Final("of my inhaler.", true),
                new Heard.EndOfTurn(), new Heard.Final("", true)));
        assertThat(speechToText.rejectedMessages(), is(0L));
    }

    @Test
    void fragmentedMessagesAreJoined() throws Exception {
        listen();

        String whole = results("Is my order ready?", true, true);
        peer.sendFragmented(whole.substring(0, 40), whole.substring(40, 90), whole.substring(90));

        assertThat(heard.next(Heard.Final.class), is(new Heard.Final("Is my order ready?", true)));
    }

    @Test
    void badFramesAreCountedAndSkippedAndTheStreamGoesOn() throws Exception {
        listen();

        peer.sendText("{\"type\":\"Results\",");
        peer.sendText("[1,2,3]");
        peer.sendText("{\"type\":\"Results\",\"channel\":{}}");
        peer.sendText("{\"type\":\"Results\",\"channel\":{\"alternatives\":[{\"transcript\":7}]}}");
        peer.sendText("{\"no\":\"type\"}");
        peer.sendText("{\"type\":\"Results\",\"type\":\"UtteranceEnd\"}");
        peer.sendText("[".repeat(40) + "]".repeat(40));
        peer.sendText("{\"type\":\"Results\",\"start\":" + "1".repeat(2000) + "}");
        peer.sendText("{\"type\":\"SpeechStarted\"} trailing");
        String huge = "x".repeat(FrameAssembler.MAX_TEXT_CHARS / 2);
        peer.sendFragmented("{\"type\":\"Results\",\"pad\":\"" + huge, huge, huge + "\"}");
        peer.sendBinary(new byte[] {1, 2, 3});
        peer.sendText("{\"type\":\"UtteranceEnd\",\"channel\":[0,1],\"last_word_end\":1.5}");

        assertThat(heard.next(Heard.EndOfTurn.class), is(new Heard.EndOfTurn()));
        assertThat(heard.drain(200), is(empty()));
        assertThat(speechToText.rejectedMessages(), is(11L));
    }

    @Test
    void keepAliveGoesOutWhenNoAudioFlowsAndNotWhileItDoes() throws Exception {
        listen(settings(deepgram).withTimings(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(10)));

        assertThat(peer.awaitText("KeepAlive").text(), is("{\"type\":\"KeepAlive\"}"));
        peer.drain(50);
        for (int i = 0; i < 40; i++) {
            stream.sendAudio(frame(i));
            Thread.sleep(20);
        }
        List<FakeSpeechService.Frame> duringAudio = peer.drain(50);
        assertThat(duringAudio.stream().filter(f -> f instanceof FakeSpeechService.Frame.Text).toList(), is(empty()));
        assertThat(peer.awaitText("KeepAlive").text(), is("{\"type\":\"KeepAlive\"}"));
    }

    @Test
    void closeSendsCloseStreamThenANormalCloseAndNothingArrivesAfterIt() throws Exception {
        listen();

        peer.stopReading();   // so that the socket is still open when the late result goes out
        stream.close();
        peer.sendText(results("too late", true, true));
        stream.close();
        stream.sendAudio(frame(1));
        peer.resumeReading();

        assertThat(peer.awaitText("CloseStream").text(), is("{\"type\":\"CloseStream\"}"));
        assertThat(peer.awaitClosed().status(), is(1000));
        assertThat(heard.drain(300), is(empty()));
    }

    @Test
    void aServerThatClosesIsLostOnceWithItsReason() throws Exception {
        listen();

        peer.close(1011, "NET-0001");

        assertThat(heard.next(Heard.Lost.class).reason(), containsString("1011 NET-0001"));
        stream.sendAudio(frame(1));
        stream.close();
        assertThat(heard.drain(300), is(empty()));
    }

    @Test
    void aDroppedConnectionIsNoticedAndLostOnce() throws Exception {
        listen();

        peer.drop();

        assertThat(heard.next(Heard.Lost.class).reason(), containsString("dropped"));
        assertThat(heard.drain(300), is(empty()));
    }

    @Test
    void aServiceThatStopsReadingIsLostAndSendAudioNeverWaits() throws Exception {
        listen(settings(deepgram).withTimings(Duration.ofSeconds(3), Duration.ofMinutes(1), Duration.ofMillis(300),
                Duration.ofSeconds(10)));
        peer.stopReading();
        byte[] big = new byte[16_000];

        long slowest = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4)) {
            long before = System.nanoTime();
            stream.sendAudio(big);
            slowest = Math.max(slowest, System.nanoTime() - before);
            if (heard.drain(5).stream().anyMatch(h -> h instanceof Heard.Lost)) {
                break;
            }
        }
        long lostAfter = System.nanoTime() - start;
        peer.resumeReading();

        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest), lessThan(100L));
        assertThat(TimeUnit.NANOSECONDS.toMillis(lostAfter), lessThan(4000L));
    }

    @Test
    void aRefusedUpgradeIsUnavailableWithoutTheKey() {
        deepgram.refuse(true);
        speechToText = new DeepgramSpeechToText(settings(deepgram));

        AgentUnavailableException refused = assertThrows(AgentUnavailableException.class,
                () -> speechToText.listen(CALL, heard));

        assertThat(refused.getMessage(), containsString("503"));
        assertThat(refused.getMessage(), not(containsString(Fixtures.API_KEY)));
    }

    @Test
    void noKeyMeansUnavailableWithoutConnecting() throws Exception {
        speechToText = new DeepgramSpeechToText(settings(deepgram).withTimings(Duration.ofSeconds(3),
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        var keyless = new DeepgramSpeechToText(new DeepgramSpeechSettings(deepgram.listenUrl(), deepgram.speakUrl(),
                " ", "nova-3", Duration.ofMillis(300), Duration.ofSeconds(1), "aura-2-thalia-en",
                Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        try {
            assertThrows(AgentUnavailableException.class, () -> keyless.listen(CALL, heard));
            assertThat(deepgram.pollPeer(300), is((FakeSpeechService.Peer) null));
        } finally {
            keyless.close();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheStream() throws Exception {
        var later = new RecordingSpeech<Heard>();
        speechToText = new DeepgramSpeechToText(settings(deepgram));
        stream = speechToText.listen(CALL, event -> {
            if (event instanceof Heard.SpeechStarted) {
                throw new IllegalStateException("a bug in the call");
            }
            later.accept(event);
        });
        peer = deepgram.awaitPeer();

        peer.sendText("{\"type\":\"SpeechStarted\",\"channel\":[0],\"timestamp\":0.1}");
        peer.sendText(results("Hello?", true, true));

        assertThat(later.next(Heard.Final.class), is(new Heard.Final("Hello?", true)));
    }

    @Test
    void closingTheAdapterEndsOpenStreamsAndStopsItsTimer() throws Exception {
        listen();

        speechToText.close();

        assertThat(peer.awaitText("CloseStream").type(), is("CloseStream"));
        assertThat(speechToText.awaitStopped(Duration.ofSeconds(5)), is(true));
        assertThrows(AgentUnavailableException.class, () -> speechToText.listen(CALL, heard));
        assertThat(heard.drain(200), is(empty()));
    }
}
