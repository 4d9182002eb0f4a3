package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

/**
 * Says and hushes from two threads against a service that answers like Deepgram: the voice never breaks the
 * protocol (no text while a Clear is unanswered, never two Flushes outstanding), never reports more Dones than texts,
 * and is never stuck: the last text after the storm is spoken and done.
 */
class VoiceStreamRaceTest {

    private final FakeSpeechService deepgram = FakeSpeechService.start();
    private DeepgramTextToSpeech textToSpeech;

    @AfterEach
    void stop() {
        if (textToSpeech != null) {
            textToSpeech.close();
        }
        deepgram.close();
    }

    @Test
    void saysAndHushesFromTwoThreadsKeepTheProtocolAndEndSpoken() throws Exception {
        var dones = new AtomicInteger();
        var lost = new CopyOnWriteArrayList<Spoken.Lost>();
        var lastDone = new CountDownLatch(1);
        var storming = new AtomicBoolean(true);
        textToSpeech = new DeepgramTextToSpeech(DeepgramSpeechToTextTest.settings(deepgram));
        Voice voice = textToSpeech.voice(Fixtures.CALL.callSid(), event -> {
            switch (event) {
                case Spoken.Done done -> {
                    dones.incrementAndGet();
                    if (!storming.get()) {
                        lastDone.countDown();
                    }
                }
                case Spoken.Lost gone -> lost.add(gone);
                case Spoken.Audio audio -> {
                }
            }
        });
        FakeSpeechService.Peer peer = deepgram.awaitPeer();
        List<String> violations = new CopyOnWriteArrayList<>();
        Thread service = Thread.ofVirtual().start(() -> answerLikeDeepgram(peer, violations));

        var says = new AtomicInteger();
        Runnable sayer = () -> {
            var random = new Random(Thread.currentThread().threadId());
            for (int i = 0; i < 300; i++) {
                voice.say("Sentence " + i + ".");
                says.incrementAndGet();
                if (random.nextInt(10) == 0) {
                    voice.hush();
                }
                if (random.nextInt(4) == 0) {
                    Thread.onSpinWait();
                    sleepQuietly(1);
                }
            }
        };
        Thread first = Thread.ofVirtual().start(sayer);
        Thread second = Thread.ofVirtual().start(sayer);
        first.join();
        second.join();
        voice.hush();
        Thread.sleep(300);
        storming.set(false);
        voice.say("That is all.");

        assertThat(lastDone.await(10, TimeUnit.SECONDS), is(true));
        service.interrupt();
        assertThat(violations, is(empty()));
        assertThat(lost, is(empty()));
        assertThat(dones.get(), lessThanOrEqualTo(says.get() + 1));
    }

    /**
     * Answers each Flush with audio and Flushed, each Clear with Cleared after a little while, and notes what
     * Deepgram would refuse or the voice must not do: text sent after a Clear before its Cleared could have arrived.
     */
    private static void answerLikeDeepgram(FakeSpeechService.Peer peer, List<String> violations) {
        var pending = new java.util.ArrayDeque<FakeSpeechService.Frame>();
        int buffered = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                FakeSpeechService.Frame frame = pending.isEmpty() ? peer.awaitFrame() : pending.removeFirst();
                if (!(frame instanceof FakeSpeechService.Frame.Text text)) {
                    continue;
                }
                switch (text.type()) {
                    case "Speak" -> buffered++;
                    case "Flush" -> {
                        if (buffered == 0) {
                            violations.add("Flush without text");
                        }
                        buffered = 0;
                        peer.sendBinary(new byte[160]);
                        peer.sendText("{\"type\":\"Flushed\",\"sequence_id\":0}");
                    }
                    case "Clear" -> {
                        buffered = 0;
                        peer.sendBinary(new byte[160]);   // audio in flight when the Clear arrived
                        Thread.sleep(3);
                        // Whatever arrived by now was sent before the voice could have seen the Cleared.
                        pending.addAll(peer.drain(2));
                        if (pending.stream().anyMatch(f -> f instanceof FakeSpeechService.Frame.Text t
                                && (t.type().equals("Speak") || t.type().equals("Flush")))) {
                            violations.add("text sent after a Clear before its Cleared");
                        }
                        peer.sendText("{\"type\":\"Cleared\",\"sequence_id\":0}");
                    }
                    default -> violations.add("unexpected " + text.text());
                }
            }
        } catch (InterruptedException | AssertionError e) {
            // The test is over.
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
