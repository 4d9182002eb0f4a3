package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.deepgram.DeepgramSpeechSettings;
import org.pharmacyvoice.adapters.deepgram.DeepgramSpeechToText;
import org.pharmacyvoice.adapters.deepgram.DeepgramTextToSpeech;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Both speech fakes, driven by the real Deepgram speech adapters, and the fakes' own controls. */
class FakeDeepgramSpeechTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String KEY = "dg-speech-test-key";
    private static final String CALL = "CA00000000000000000000000000000016";

    private final FakeDeepgramListen listen = FakeDeepgramListen.start();
    private final FakeDeepgramSpeak speak = FakeDeepgramSpeak.start();
    private final Events<Heard> heard = new Events<>();
    private final Events<Spoken> spoken = new Events<>();
    private DeepgramSpeechToText speechToText;
    private DeepgramTextToSpeech textToSpeech;

    @AfterEach
    void stop() {
        if (speechToText != null) {
            speechToText.close();
        }
        if (textToSpeech != null) {
            textToSpeech.close();
        }
        listen.close();
        speak.close();
    }

    private DeepgramSpeechSettings settings() {
        return DeepgramSpeechSettings.defaults(KEY).withUrls(listen.url(), speak.url());
    }

    private Transcription transcription(DeepgramSpeechSettings settings) throws AgentUnavailableException {
        speechToText = new DeepgramSpeechToText(settings);
        return speechToText.listen(CALL, heard);
    }

    private Voice voice() throws AgentUnavailableException {
        textToSpeech = new DeepgramTextToSpeech(settings());
        return textToSpeech.voice(CALL, spoken);
    }

    // ---- listen ----

    @Test
    void listenRecordsTheAdaptersQueryAndTokenAndFindsNothingToObject() throws Exception {
        transcription(settings());
        FakeDeepgramListen.Stream stream = listen.awaitConnection(WAIT);

        assertThat(stream.query().get("encoding"), is("mulaw"));
        assertThat(stream.query().get("sample_rate"), is("8000"));
        assertThat(stream.query().get("model"), is("nova-3"));
        assertThat(stream.authorization(), is("Token " + KEY));
        assertThat(listen.connectionCount(), is(1));
        assertThat(listen.protocolViolations(), is(empty()));
    }

    @Test
    void anUtteranceIsHeardAsSpeechStartedInterimFinalAndEndOfTurn() throws Exception {
        Transcription transcription = transcription(settings());
        FakeDeepgramListen.Stream stream = listen.awaitConnection(WAIT);

        FakeDeepgramListen.utterance("I need a refill of my inhaler.").forEach(transcription::sendAudio);

        assertThat(heard.next(), is(new Heard.SpeechStarted()));
        assertThat(heard.next(), is(new Heard.Interim("I need a refill")));
        assertThat(heard.next(), is(new Heard.Final("I need a refill of my inhaler.", true)));
        assertThat(heard.next(), is(new Heard.EndOfTurn()));
        assertThat(heard.drain(200), is(empty()));
        assertThat(stream.sentTypes(), contains("SpeechStarted", "Results", "Results", "UtteranceEnd"));
        assertThat(stream.recognised(), contains("I need a refill of my inhaler."));
    }

    @Test
    void silenceAndNoiseAreHeardAsNothing() throws Exception {
        Transcription transcription = transcription(settings());
        FakeDeepgramListen.Stream stream = listen.awaitConnection(WAIT);
        var random = new Random(16);

        FakeDeepgramListen.silence(Duration.ofSeconds(2)).forEach(transcription::sendAudio);
        for (int i = 0; i < 100; i++) {
            byte[] noise = new byte[FakeDeepgramListen.FRAME_BYTES];
            random.nextBytes(noise);
            transcription.sendAudio(noise);
        }
        stream.awaitAudio(200 * FakeDeepgramListen.FRAME_BYTES, WAIT);

        assertThat(heard.drain(300), is(empty()));
        assertThat(stream.sentMessages(), is(empty()));
    }

    @Test
    void markedAudioIsRecognisedWhateverTheMessageBoundaries() throws Exception {
        Transcription transcription = transcription(settings());
        listen.awaitConnection(WAIT);
        var all = new ByteArrayOutputStream();
        FakeDeepgramListen.utterance("Is order 4 2 7 ready? ".repeat(12)).forEach(all::writeBytes);
        FakeDeepgramListen.utterance("Thank you.").forEach(all::writeBytes);
        byte[] bytes = all.toByteArray();

        for (int from = 0; from < bytes.length; from += 37) {
            transcription.sendAudio(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 37)));
        }

        List<Heard> finals = new ArrayList<>();
        while (finals.size() < 2) {
            if (heard.next() instanceof Heard.Final fin) {
                finals.add(fin);
            }
        }
        assertThat(finals, contains(new Heard.Final(("Is order 4 2 7 ready? ".repeat(12)).strip(), true),
                new Heard.Final("Thank you.", true)));
    }

    @Test
    void endpointingAndUtteranceEndFollowTheQueryInAudioTime() throws Exception {
        Transcription transcription = transcription(settings().withTurnTaking(Duration.ofMillis(500),
                Duration.ofMillis(2000)));
        FakeDeepgramListen.Stream stream = listen.awaitConnection(WAIT);

        FakeDeepgramListen.utterance("Hello there.", Duration.ofMillis(400)).forEach(transcription::sendAudio);
        stream.awaitSent("Results", 1, WAIT);
        Thread.sleep(200);
        assertThat(stream.sentTypes(), contains("SpeechStarted", "Results"));   // only the interim: 400 < 500 ms
        FakeDeepgramListen.silence(Duration.ofMillis(200)).forEach(transcription::sendAudio);
        stream.awaitSent("Results", 2, WAIT);
        FakeDeepgramListen.silence(Duration.ofMillis(1300)).forEach(transcription::sendAudio);
        Thread.sleep(200);
        assertThat(stream.sentTypes(), contains("SpeechStarted", "Results", "Results"));   // 1,900 < 2,000 ms
        FakeDeepgramListen.silence(Duration.ofMillis(100)).forEach(transcription::sendAudio);

        assertThat(stream.awaitSent("UtteranceEnd", 1, WAIT).size(), is(1));
    }

    @Test
    void keepAliveAndCloseStreamAreCountedAndCloseStreamIsAnsweredWithMetadataAndAClose() throws Exception {
        Transcription transcription = transcription(settings().withTimings(Duration.ofSeconds(3),
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        FakeDeepgramListen.Stream stream = listen.awaitConnection(WAIT);
        Thread.sleep(700);

        transcription.close();

        assertThat(stream.awaitClosed(WAIT), is(true));
        assertThat(listen.keepAliveCount(), greaterThanOrEqualTo(2));
        assertThat(listen.closeStreamCount(), is(1));
        assertThat(stream.sentTypes(), contains("Metadata"));
        assertThat(heard.drain(200), is(empty()));
    }

    @Test
    void dropAllLosesTheStreamAndRefusingMakesTheServiceUnavailableUntilAllowedAgain() throws Exception {
        transcription(settings());
        listen.awaitConnection(WAIT);

        listen.dropAll();
        assertThat(heard.next(), is(instanceOf(Heard.Lost.class)));

        listen.refuseConnections(true);
        AgentUnavailableException refused = assertThrows(AgentUnavailableException.class,
                () -> speechToText.listen(CALL, heard));
        assertThat(refused.getMessage(), containsString("503"));
        assertThat(listen.refusedConnections(), is(1));

        listen.refuseConnections(false);
        speechToText.listen(CALL, heard);
        listen.awaitConnection(WAIT);
        assertThat(listen.connectionCount(), is(2));
    }

    @Test
    void aStreamThatReceivesNothingForTheIdleTimeoutIsClosedWithNet0001() throws Exception {
        listen.idleTimeout(Duration.ofMillis(300));
        transcription(settings().withTimings(Duration.ofSeconds(3), Duration.ofMinutes(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10)));

        Heard.Lost lost = (Heard.Lost) heard.next();

        assertThat(lost.reason(), containsString("1011"));
        assertThat(lost.reason(), containsString("net0001"));
    }

    // ---- speak ----

    @Test
    void speakAnswersEachFlushWithAudioSizedToTheTextThenFlushed() throws Exception {
        Voice voice = voice();
        FakeDeepgramSpeak.Voice connection = speak.awaitConnection(WAIT);

        voice.say("Your refill is ready.");
        voice.say("It costs five dollars.");

        byte[] expected = concat(FakeDeepgramSpeak.audioFor("Your refill is ready."),
                FakeDeepgramSpeak.audioFor("It costs five dollars."));
        var audio = new ByteArrayOutputStream();
        int dones = 0;
        while (dones < 2) {
            switch (spoken.next()) {
                case Spoken.Audio piece -> audio.writeBytes(piece.mulaw());
                case Spoken.Done done -> dones++;
                case Spoken.Lost lost -> throw new AssertionError("lost: " + lost.reason());
            }
        }
        assertArrayEquals(expected, audio.toByteArray());
        assertThat(FakeDeepgramSpeak.audioLengthFor("Your refill is ready."), is(11_200));
        assertThat(connection.query(), is(Map.of("model", "aura-2-thalia-en", "encoding", "mulaw",
                "sample_rate", "8000", "container", "none")));
        assertThat(connection.authorization(), is("Token " + KEY));
        assertThat(connection.received(), contains(new FakeDeepgramSpeak.Received("Speak", "Your refill is ready."),
                new FakeDeepgramSpeak.Received("Flush", ""),
                new FakeDeepgramSpeak.Received("Speak", "It costs five dollars."),
                new FakeDeepgramSpeak.Received("Flush", "")));
        assertThat(speak.protocolViolations(), is(empty()));
    }

    @Test
    void hushStopsTheAudioOfTheClearedTextAndTheNextTextIsSpoken() throws Exception {
        speak.chunkBytes(800).chunkDelay(Duration.ofMillis(20));
        Voice voice = voice();
        FakeDeepgramSpeak.Voice connection = speak.awaitConnection(WAIT);
        String longReply = "Let me read you the whole leaflet for that medicine, section by section. ".repeat(3);

        voice.say(longReply);
        var heardBefore = new ByteArrayOutputStream();
        heardBefore.writeBytes(((Spoken.Audio) spoken.next()).mulaw());
        voice.hush();
        // Whatever was handed over before hush returned is already queued: the caller heard it.
        for (Spoken event : spoken.takeAll()) {
            heardBefore.writeBytes(((Spoken.Audio) event).mulaw());
        }
        byte[] first = heardBefore.toByteArray();
        connection.awaitReceived("Clear", 1, WAIT);
        voice.say("Sure, go ahead.");

        var after = new ByteArrayOutputStream();
        while (true) {
            Spoken event = spoken.next();
            if (event instanceof Spoken.Done) {
                break;
            }
            after.writeBytes(((Spoken.Audio) event).mulaw());
        }
        assertArrayEquals(FakeDeepgramSpeak.audioFor("Sure, go ahead."), after.toByteArray());
        assertArrayEquals(Arrays.copyOf(FakeDeepgramSpeak.audioFor(longReply), first.length), first);
        assertThat(connection.audioSent().length, lessThan(FakeDeepgramSpeak.audioLengthFor(longReply)
                + FakeDeepgramSpeak.audioLengthFor("Sure, go ahead.")));
        assertThat(connection.clearCount(), is(1));
        assertThat(connection.sentMessages().stream().map(m -> m.getString("type")).toList(),
                contains("Cleared", "Flushed"));
        assertThat(spoken.drain(200), is(empty()));
    }

    @Test
    void aLongTextIsSplitByTheAdapterWithinTheFakesLimit() throws Exception {
        Voice voice = voice();
        FakeDeepgramSpeak.Voice connection = speak.awaitConnection(WAIT);
        String text = "Take one tablet by mouth twice a day with food. ".repeat(50);

        voice.say(text);

        while (!(spoken.next() instanceof Spoken.Done)) {
            // audio
        }
        assertThat(connection.spokenTexts().size(), is(2));
        assertThat(String.join("", connection.spokenTexts()), is(text));
        assertThat(connection.flushCount(), is(1));
        assertThat(speak.protocolViolations(), is(empty()));
    }

    @Test
    void theFakeWarnsAboutATwentyFirstFlushAndAnOverlongSpeak() {
        JdkWebSocketClient client = JdkWebSocketClient.connect(speak.url(), Map.of("Authorization", "Token " + KEY));
        try {
            for (int i = 0; i < 20; i++) {
                client.sendText("{\"type\":\"Flush\"}");
                assertThat(client.nextJson().getString("type"), is("Flushed"));
            }
            client.sendText("{\"type\":\"Flush\"}");
            assertThat(client.nextJson().getString("type"), is("Warning"));
            client.sendText("{\"type\":\"Speak\",\"text\":\"" + "a".repeat(2001) + "\"}");
            assertThat(client.nextJson().getString("type"), is("Warning"));
            assertThat(speak.protocolViolations().size(), is(3));   // the 21st flush, the long Speak, the query
        } finally {
            client.close();
        }
    }

    @Test
    void speakDropAllLosesTheVoiceAndRefusingMakesItUnavailable() throws Exception {
        voice();
        speak.awaitConnection(WAIT);

        speak.dropAll();
        assertThat(spoken.next(), is(instanceOf(Spoken.Lost.class)));

        speak.refuseConnections(true);
        assertThrows(AgentUnavailableException.class, () -> textToSpeech.voice(CALL, spoken));
        assertThat(speak.refusedConnections(), is(1));
    }

    @Test
    void theFirstChunkWaitsForTheTimeToFirstByteAndTimesAreRecorded() throws Exception {
        speak.firstChunkDelay(Duration.ofMillis(300));
        Voice voice = voice();
        FakeDeepgramSpeak.Voice connection = speak.awaitConnection(WAIT);

        voice.say("Hello.");

        assertThat(spoken.next(), is(instanceOf(Spoken.Audio.class)));
        connection.awaitReceived("Flush", 1, WAIT);
        long flushAt = connection.receivedTimes().get(1);
        long firstAudioAt = connection.audioTimes().get(0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(firstAudioAt - flushAt), greaterThanOrEqualTo(300L));
    }

    @Test
    void listenRecordsWhenEachAnswerWentOut() throws Exception {
        Transcription transcription = transcription(settings());
        FakeDeepgramListen.Stream stream = listen.awaitConnection(WAIT);
        long before = System.nanoTime();

        FakeDeepgramListen.utterance("Thanks.").forEach(transcription::sendAudio);

        stream.awaitSent("UtteranceEnd", 1, WAIT);
        List<Long> times = stream.sentTimes();
        assertThat(times.size(), is(stream.sentMessages().size()));
        assertThat(times.get(0) - before, greaterThan(0L));
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) >= times.get(i - 1), is(true));
        }
    }

    @Test
    void audioArrivesOverTimeWithAChunkDelay() throws Exception {
        speak.chunkBytes(1600).chunkDelay(Duration.ofMillis(50));
        Voice voice = voice();
        speak.awaitConnection(WAIT);
        long start = System.nanoTime();

        voice.say("Ten pieces of audio, fifty ms apart, please.");   // 44 chars: 23,467 bytes, 15 pieces

        while (!(spoken.next() instanceof Spoken.Done)) {
            // audio
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), greaterThan(600L));
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Collects a speech stream's events for the test thread. */
    private static final class Events<E> implements java.util.function.Consumer<E> {
        private final BlockingQueue<E> events = new LinkedBlockingQueue<>();

        @Override
        public void accept(E event) {
            events.add(event);
        }

        E next() throws InterruptedException {
            E event = events.poll(5, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event within 5 s");
            }
            return event;
        }

        /** Everything already received, without waiting. */
        List<E> takeAll() {
            List<E> taken = new ArrayList<>();
            events.drainTo(taken);
            return taken;
        }

        List<E> drain(long millis) throws InterruptedException {
            List<E> drained = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                E event = events.poll(left, TimeUnit.NANOSECONDS);
                if (event != null) {
                    drained.add(event);
                }
            }
            return drained;
        }
    }
}
