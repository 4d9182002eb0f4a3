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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

/** The text-to-speech adapter against a fake {@code /v1/speak}: what goes out, what comes back, hush, the ending. */
class DeepgramTextToSpeechTest {

    private static final String CALL = Fixtures.CALL.callSid();
    private static final String FLUSHED = "{\"type\":\"Flushed\",\"sequence_id\":0}";
    private static final String CLEARED = "{\"type\":\"Cleared\",\"sequence_id\":0}";

    private final FakeSpeechService deepgram = FakeSpeechService.start();
    private final RecordingSpeech<Spoken> spoken = new RecordingSpeech<>();
    private DeepgramTextToSpeech textToSpeech;
    private Voice voice;
    private FakeSpeechService.Peer peer;

    @AfterEach
    void stop() {
        if (textToSpeech != null) {
            textToSpeech.close();
        }
        deepgram.close();
    }

    private void open(DeepgramSpeechSettings settings) throws Exception {
        textToSpeech = new DeepgramTextToSpeech(settings);
        voice = textToSpeech.voice(CALL, spoken);
        peer = deepgram.awaitPeer();
    }

    private void open() throws Exception {
        open(DeepgramSpeechToTextTest.settings(deepgram));
    }

    private static byte[] audio(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return bytes;
    }

    private String awaitSpeak() throws InterruptedException {
        return peer.awaitText("Speak").json().getString("text");
    }

    @Test
    void opensForRawPhoneAudioInTheVoiceWithTheTokenHeader() throws Exception {
        open();

        assertThat(peer.path(), is("/v1/speak"));
        assertThat(DeepgramSpeechToTextTest.parameters(peer.query()), is(Map.of("model", "aura-2-thalia-en",
                "encoding", "mulaw", "sample_rate", "8000", "container", "none")));
        assertThat(peer.authorization(), is("Token " + Fixtures.API_KEY));
    }

    @Test
    void aSayIsSpeakThenFlushAndItsAudioArrivesUnchangedThenOneDone() throws Exception {
        open();

        voice.say("Your refill is ready for pickup.");

        FakeSpeechService.Frame.Text speak = (FakeSpeechService.Frame.Text) peer.awaitFrame();
        assertThat(speak.json(), is(FakeDeepgram.parse(
                "{\"type\":\"Speak\",\"text\":\"Your refill is ready for pickup.\"}")));
        assertThat(((FakeSpeechService.Frame.Text) peer.awaitFrame()).text(), is("{\"type\":\"Flush\"}"));
        byte[] first = audio(1600, 1);
        byte[] second = audio(800, 2);
        peer.sendBinary(first);
        peer.sendBinary(second);
        peer.sendText(FLUSHED);

        assertThat(spoken.next(Spoken.Audio.class).mulaw(), is(first));
        assertThat(spoken.next(Spoken.Audio.class).mulaw(), is(second));
        assertThat(spoken.next(Spoken.Done.class), is(new Spoken.Done()));
        assertThat(spoken.drain(200), is(empty()));
    }

    @Test
    void textsSaidWhileAFlushIsOutstandingGoTogetherInTheNextAndEachGetsOneDone() throws Exception {
        open();

        voice.say("One.");
        voice.say("Two.");
        voice.say("Three.");

        assertThat(awaitSpeak(), is("One."));
        peer.awaitText("Flush");
        assertThat(peer.drain(200), is(empty()));
        peer.sendBinary(audio(160, 1));
        peer.sendText(FLUSHED);
        assertThat(awaitSpeak(), is("Two."));
        assertThat("Deepgram joins a flush's texts as they are: a space keeps the sentences apart", awaitSpeak(),
                is(" Three."));
        peer.awaitText("Flush");
        peer.sendBinary(audio(160, 2));
        peer.sendText(FLUSHED);

        List<Spoken> events = spoken.drain(500);
        assertThat(events.stream().map(e -> e.getClass().getSimpleName()).toList(),
                contains("Audio", "Done", "Audio", "Done", "Done"));
    }

    @Test
    void hushClearsTheOutstandingTextAndDropsItsAudioAndFlushedUntilCleared() throws Exception {
        open();
        voice.say("Your order number is 4 2 7.");
        awaitSpeak();
        peer.awaitText("Flush");
        byte[] heardBeforeHush = audio(320, 1);
        peer.sendBinary(heardBeforeHush);
        assertThat(spoken.next(Spoken.Audio.class).mulaw(), is(heardBeforeHush));

        voice.hush();
        voice.say("Sorry, go ahead.");

        assertThat(peer.awaitText("Clear").text(), is("{\"type\":\"Clear\"}"));
        peer.sendBinary(audio(320, 2));
        peer.sendText(FLUSHED);
        assertThat(peer.drain(200), is(empty()));   // the new text waits for Cleared
        peer.sendText(CLEARED);
        assertThat(awaitSpeak(), is("Sorry, go ahead."));
        peer.awaitText("Flush");
        byte[] newAudio = audio(480, 3);
        peer.sendBinary(newAudio);
        peer.sendText(FLUSHED);

        assertThat(spoken.next(Spoken.Audio.class).mulaw(), is(newAudio));
        assertThat(spoken.next(Spoken.Done.class), is(new Spoken.Done()));
        assertThat(spoken.drain(200), is(empty()));
    }

    @Test
    void hushDropsWaitingTextsWithoutAnyMessageWhenNothingIsOutstanding() throws Exception {
        open();
        voice.say("First.");
        awaitSpeak();
        peer.awaitText("Flush");
        voice.say("Second, still waiting.");
        peer.sendText(FLUSHED);
        // Second went out after the Flushed; answer it, then hush with nothing outstanding.
        assertThat(awaitSpeak(), is("Second, still waiting."));
        peer.awaitText("Flush");
        peer.sendText(FLUSHED);
        assertThat(spoken.drain(300).size(), is(2));

        voice.hush();

        assertThat(peer.drain(200), is(empty()));
    }

    @Test
    void hushWaitsForAnEventBeingHandedOverAndNothingOfTheHushedTextFollows() throws Exception {
        var inListener = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var afterHush = new AtomicBoolean();
        var lateEvents = new ArrayList<Spoken>();
        textToSpeech = new DeepgramTextToSpeech(DeepgramSpeechToTextTest.settings(deepgram));
        voice = textToSpeech.voice(CALL, event -> {
            if (afterHush.get()) {
                lateEvents.add(event);
            }
            if (event instanceof Spoken.Audio && inListener.getCount() > 0) {
                inListener.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        peer = deepgram.awaitPeer();
        voice.say("A long answer about your prescription.");
        peer.awaitText("Flush");
        peer.sendBinary(audio(160, 1));
        assertThat(inListener.await(5, TimeUnit.SECONDS), is(true));

        var hushed = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            voice.hush();
            afterHush.set(true);
            hushed.countDown();
        });
        assertThat(hushed.await(200, TimeUnit.MILLISECONDS), is(false));
        peer.sendBinary(audio(160, 2));
        release.countDown();
        assertThat(hushed.await(5, TimeUnit.SECONDS), is(true));
        peer.sendText(FLUSHED);
        Thread.sleep(300);

        assertThat(lateEvents, is(empty()));
    }

    @Test
    void blankTextIsDoneInItsTurnWithoutAnyMessage() throws Exception {
        open();

        voice.say("Hello.");
        voice.say("   ");
        awaitSpeak();
        peer.awaitText("Flush");
        peer.sendText(FLUSHED);

        assertThat(spoken.drain(300), contains(new Spoken.Done(), new Spoken.Done()));
        assertThat(peer.drain(100), is(empty()));
    }

    @Test
    void textLongerThanOneSpeakTakesIsSplitAtSpacesUnderOneFlush() throws Exception {
        open();
        String sentence = "Take one tablet by mouth twice a day with food. ";
        String text = sentence.repeat(50);   // 2,400 characters

        voice.say(text);

        String first = awaitSpeak();
        String second = awaitSpeak();
        peer.awaitText("Flush");
        assertThat(first.length() <= VoiceStream.MAX_SPEAK_CHARS, is(true));
        assertThat(first.endsWith(" "), is(true));
        assertThat(first + second, is(text));
    }

    @Test
    void theTwentyFirstFlushInAMinuteWaits() throws Exception {
        open();
        for (int i = 0; i < SpeakLimits.MAX_FLUSHES; i++) {
            voice.say("Line " + i + ".");
            assertThat(awaitSpeak(), is("Line " + i + "."));
            peer.awaitText("Flush");
            peer.sendText(FLUSHED);
            spoken.next(Spoken.Done.class);
        }

        voice.say("One too many.");

        assertThat(peer.drain(500), is(empty()));
    }

    @Test
    void badFramesAndWarningsAreSkippedAndTheVoiceGoesOn() throws Exception {
        open();
        voice.say("Hello.");
        peer.awaitText("Flush");

        peer.sendText("{\"type\":\"Flushed\"");
        peer.sendText("{\"type\":\"Flushed\",\"type\":\"Cleared\"}");
        peer.sendText("[".repeat(33) + "]".repeat(33));
        peer.sendText("{\"type\":\"Warning\",\"description\":\"Too many flushes\",\"code\":\"FLUSH_LIMIT\"}");
        peer.sendText("{\"type\":\"Metadata\",\"request_id\":\"r\",\"model_name\":\"aura-2-thalia-en\","
                + "\"model_version\":\"1\",\"model_uuid\":\"u\"}");
        peer.sendText("{\"type\":\"Cleared\",\"sequence_id\":0}");   // no Clear was sent
        byte[] tooBig = new byte[FrameAssembler.MAX_BINARY_BYTES + 1];
        peer.sendBinary(tooBig);
        byte[] fine = audio(160, 7);
        peer.sendBinary(fine);
        peer.sendText(FLUSHED);

        assertThat(spoken.next(Spoken.Audio.class).mulaw(), is(fine));
        assertThat(spoken.next(Spoken.Done.class), is(new Spoken.Done()));
        assertThat(textToSpeech.rejectedMessages(), is(4L));
    }

    @Test
    void closeSendsCloseThenANormalCloseAndNothingArrivesAfterIt() throws Exception {
        open();
        voice.say("Goodbye.");
        peer.awaitText("Flush");

        peer.stopReading();   // so that the socket is still open when the late answers go out
        voice.close();
        peer.sendBinary(audio(160, 1));
        peer.sendText(FLUSHED);
        voice.say("Too late.");
        voice.hush();
        voice.close();
        peer.resumeReading();

        assertThat(peer.awaitText("Close").text(), is("{\"type\":\"Close\"}"));
        assertThat(peer.awaitClosed().status(), is(1000));
        assertThat(spoken.drain(300), is(empty()));
    }

    @Test
    void aServerThatClosesIsLostOnce() throws Exception {
        open();

        peer.close(1011, "internal error");

        assertThat(spoken.next(Spoken.Lost.class).reason(), containsString("1011"));
        voice.say("Anyone there?");
        assertThat(spoken.drain(300), is(empty()));
    }

    @Test
    void aServiceThatOwesAnAnswerAndSaysNothingIsLostAndSayNeverWaits() throws Exception {
        open(DeepgramSpeechToTextTest.settings(deepgram).withTimings(Duration.ofSeconds(3), Duration.ofMinutes(1),
                Duration.ofMillis(300), Duration.ofMillis(400)));
        peer.stopReading();

        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            voice.say("Sentence number " + i + " of a long reply.");
        }
        voice.hush();
        long sayingTook = System.nanoTime() - start;

        Spoken.Lost lost = spoken.next(Spoken.Lost.class);
        long lostAfter = System.nanoTime() - start;
        peer.resumeReading();
        assertThat(TimeUnit.NANOSECONDS.toMillis(sayingTook), lessThan(500L));
        assertThat(TimeUnit.NANOSECONDS.toMillis(lostAfter), lessThan(3000L));
        assertThat(lost.reason(), containsString("sent nothing"));
    }

    @Test
    void aDroppedConnectionIsLostOnce() throws Exception {
        open();

        peer.drop();

        assertThat(spoken.next(Spoken.Lost.class).reason(), containsString("dropped"));
        assertThat(spoken.drain(300), is(empty()));
    }

    @Test
    void aRefusedUpgradeIsUnavailableWithoutTheKey() {
        deepgram.refuse(true);
        textToSpeech = new DeepgramTextToSpeech(DeepgramSpeechToTextTest.settings(deepgram));

        AgentUnavailableException refused = assertThrows(AgentUnavailableException.class,
                () -> textToSpeech.voice(CALL, spoken));

        assertThat(refused.getMessage(), containsString("503"));
        assertThat(refused.getMessage(), not(containsString(Fixtures.API_KEY)));
    }

    @Test
    void closingTheAdapterEndsOpenVoicesAndStopsItsTimer() throws Exception {
        open();

        textToSpeech.close();

        assertThat(peer.awaitText("Close").type(), is("Close"));
        assertThat(textToSpeech.awaitStopped(Duration.ofSeconds(5)), is(true));
        assertThrows(AgentUnavailableException.class, () -> textToSpeech.voice(CALL, spoken));
        assertThat(spoken.drain(200), is(empty()));
    }

    @Test
    void audioWhileNoTextIsOutstandingIsDropped() throws Exception {
        open();

        peer.sendBinary(audio(160, 9));   // audio nobody asked for
        Thread.sleep(300);
        voice.say("Hi.");
        peer.awaitText("Flush");
        peer.sendText(FLUSHED);

        assertThat(spoken.drain(300), contains(instanceOf(Spoken.Done.class)));
    }
}
