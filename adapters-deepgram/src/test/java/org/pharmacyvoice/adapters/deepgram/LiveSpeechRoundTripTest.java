package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

/**
 * The speech adapters against the real Deepgram, run when DEEPGRAM_API_KEY is set: the voice says a pharmacy
 * sentence as raw 8 kHz μ-law (no WAV header), and recognition, fed that audio as the phone would feed it, hears the
 * words back and ends the turn. Whatever Deepgram refuses fails it with Deepgram's own words (the HTTP status of a
 * refused upgrade, the close reason of a stream it ends).
 */
class LiveSpeechRoundTripTest {

    static final String COMMAND = "./mvnw verify -pl adapters-deepgram -am -Dtest=LiveSpeechRoundTripTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false";
    static final String SKIPPED = "DEEPGRAM_API_KEY is not set: the live speech round trip is skipped (set it and run `"
            + COMMAND + "` to run it)";
    private static final String SENTENCE = "Your refill of amoxicillin is ready for pickup at the front counter.";
    private static final String CALL = "CA0000000000000000000000000000live";

    @Test
    void deepgramSpeaksAPharmacySentenceAsPhoneAudioAndHearsItBack() throws Exception {
        String key = System.getenv("DEEPGRAM_API_KEY");
        assumeTrue(key != null && !key.isBlank(), SKIPPED);
        var settings = DeepgramSpeechSettings.defaults(key.trim());

        byte[] audio;
        try (var textToSpeech = new DeepgramTextToSpeech(settings)) {
            var spoken = new RecordingSpeech<Spoken>();
            Voice voice = textToSpeech.voice(CALL, spoken);
            voice.say(SENTENCE);
            var all = new ByteArrayOutputStream();
            while (true) {
                Spoken event = spoken.next(Spoken.class);
                if (event instanceof Spoken.Lost lost) {
                    throw new AssertionError("Deepgram speech synthesis was lost: " + lost.reason());
                }
                if (event instanceof Spoken.Done) {
                    break;
                }
                all.writeBytes(((Spoken.Audio) event).mulaw());
            }
            voice.close();
            audio = all.toByteArray();
        }
        // About 4 s of speech: at least 2 s of 8 kHz μ-law, and raw, not a WAV file.
        assertThat(audio.length, greaterThan(16_000));
        assertThat(new String(audio, 0, 4, StandardCharsets.ISO_8859_1), not("RIFF"));

        List<String> finals = new ArrayList<>();
        try (var speechToText = new DeepgramSpeechToText(settings)) {
            var heard = new RecordingSpeech<Heard>();
            Transcription transcription = speechToText.listen(CALL, heard);
            byte[] silence = new byte[160];
            Arrays.fill(silence, (byte) 0xFF);
            for (int from = 0; from < audio.length; from += 160) {
                transcription.sendAudio(Arrays.copyOfRange(audio, from, Math.min(audio.length, from + 160)));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));   // twice real time
            }
            for (int i = 0; i < 100; i++) {
                transcription.sendAudio(silence);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            boolean turnEnded = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!turnEnded && System.nanoTime() < deadline) {
                for (Heard event : heard.drain(200)) {
                    switch (event) {
                        case Heard.Final fin -> {
                            finals.add(fin.text());
                            turnEnded |= fin.endOfTurn();
                        }
                        case Heard.EndOfTurn end -> turnEnded = true;
                        case Heard.Lost lost -> throw new AssertionError("Deepgram speech recognition was lost: "
                                + lost.reason());
                        default -> {
                        }
                    }
                }
            }
            transcription.close();
            assertThat("the turn ended; heard so far: " + finals, turnEnded, is(true));
            assertThat(speechToText.rejectedMessages(), is(0L));
        }
        String transcript = String.join(" ", finals).toLowerCase(Locale.ROOT);
        assertThat(transcript, containsString("refill"));
        assertThat(transcript, containsString("ready"));
    }
}
