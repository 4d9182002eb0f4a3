package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.app.caller.CallSummary;
import org.pharmacyvoice.app.caller.CallerOptions;
import org.pharmacyvoice.app.caller.MulawAudio;
import org.pharmacyvoice.app.caller.SimulatedCaller;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FunctionCall;

/** The command-line caller against the real server and the fake agent: real-time speech in, the agent's words out. */
class SimulatedCallerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;
    @TempDir
    Path files;
    private static RunningPharmacy pharmacy;

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @Test
    void speaksTheFileAtRealTimePaceAfterTheGreetingPrintsTheConversationAndSavesWhatTheAgentSaid() throws Exception {
        byte[] words = pattern(8000, 3);
        Path question = files.resolve("question.wav");
        MulawAudio.writeWav(question, words);
        Path saved = files.resolve("heard/agent.wav");
        List<String> output = new CopyOnWriteArrayList<>();
        var options = new CallerOptions(pharmacy.http("/"), List.of(question), saved, Optional.empty(), Duration.ofSeconds(10), Duration.ofMillis(600),
                Duration.ofSeconds(60), Optional.empty());

        CompletableFuture<CallSummary> call = CompletableFuture.supplyAsync(() -> place(options, output));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        byte[] greeting = pattern(4000, 5);
        agent.sendConversationText("assistant", "Hello, this is the test pharmacy.");
        agent.sendAudio(greeting);
        agent.sendAgentAudioDone();
        long[] spoken = whenSpoken(agent, words);
        agent.sendConversationText("user", "Do you have ibuprofen?");
        var lookup = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
        agent.requestFunctions(lookup);
        agent.awaitFunctionResponse(lookup.id(), WAIT);
        byte[] answer = pattern(2400, 7);
        agent.sendConversationText("assistant", "Yes, we have ibuprofen.");
        agent.sendAudio(answer);
        agent.sendAgentAudioDone();
        CallSummary summary = call.get(30, TimeUnit.SECONDS);

        assertThat("a second of speech took a second to stream", spoken[1] - spoken[0],
                greaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900)));
        assertThat(spoken[1] - spoken[0], lessThan(TimeUnit.MILLISECONDS.toNanos(1600)));
        assertThat("every frame is 160 bytes, as Twilio sends them", agent.audioFrames().stream()
                .filter(frame -> frame.length != 160).toList(), empty());
        assertThat(summary.endReason(), equalTo(Optional.of("caller_hung_up")));
        assertThat(output, hasItem("agent:  Hello, this is the test pharmacy."));
        // The console shows the call record, where drug names are masked.
        assertThat(output, hasItem("caller: Do you have •••?"));
        assertThat(output, hasItem(startsWith("tool:   get_drug_info {\"drug_name\":\"Advil\"} -> ok in ")));
        assertThat(output, hasItem("agent:  Yes, we have •••."));
        assertThat(output, hasItem(containsString(" ended after ")));
        assertThat(output.indexOf("agent:  Hello, this is the test pharmacy."),
                lessThan(output.indexOf("agent:  Yes, we have •••.")));

        byte[] wav = Files.readAllBytes(saved);
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII), equalTo("RIFF"));
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII), equalTo("WAVE"));
        assertThat("format 7: mu-law", (int) header.getShort(20), equalTo(7));
        assertThat("mono", (int) header.getShort(22), equalTo(1));
        assertThat("8 kHz", header.getInt(24), equalTo(8000));
        assertThat("8 bits a sample", (int) header.getShort(34), equalTo(8));
        byte[] heard = MulawAudio.read(saved);
        assertThat(header.getInt(header.capacity() - heard.length - 4), equalTo(heard.length));
        int greetingAt = indexOf(heard, greeting);
        int answerAt = indexOf(heard, answer);
        assertThat("the greeting is in the recording", greetingAt, greaterThanOrEqualTo(0));
        assertThat("the answer is in the recording, after the greeting", answerAt, greaterThan(greetingAt));
        assertThat(summary.agentAudioPlayed(), equalTo((long) (greeting.length + answer.length)));
        assertThat("the recording is the call's timeline, silence included", heard.length,
                greaterThan(greeting.length + words.length + answer.length));
    }

    @Test
    void cuttingTheAgentOffDropsTheRestOfItsReplyFromWhatTheCallerHears() throws Exception {
        Path saved = files.resolve("cut.wav");
        List<String> output = new CopyOnWriteArrayList<>();
        var options = new CallerOptions(pharmacy.http("/"), List.of(), saved, Optional.empty(),
                Duration.ofSeconds(10), Duration.ofMillis(600), Duration.ofSeconds(60), Optional.empty());

        CompletableFuture<CallSummary> call = CompletableFuture.supplyAsync(() -> place(options, output));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        agent.sendAudio(pattern(8000 * 5, 9));
        Thread.sleep(500);
        agent.sendUserStartedSpeaking();
        CallSummary summary = call.get(30, TimeUnit.SECONDS);

        assertThat("about half a second played before the clear", summary.agentAudioPlayed(), lessThan(8000L));
        assertThat(summary.agentAudioPlayed() + summary.agentAudioDropped(), equalTo(8000L * 5));
        assertThat(output, hasItem(containsString("cut off by barge-in")));
    }

    @Test
    void aWavFileAtAnotherRateIsResampledToTelephoneAudioWithItsPitchKept() throws Exception {
        Path tone = files.resolve("tone-16k.wav");
        int rate = 16000;
        short[] samples = new short[rate];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * i / rate));
        }
        Files.write(tone, pcmWav(samples, rate));

        byte[] mulaw = MulawAudio.read(tone);

        assertThat(mulaw.length, equalTo(8000));
        int crossings = 0;
        for (int i = 101; i < mulaw.length; i++) {
            if ((MulawAudio.decode(mulaw[i - 1]) < 0) != (MulawAudio.decode(mulaw[i]) < 0)) {
                crossings++;
            }
        }
        assertThat("about 2000 zero crossings: still 1 kHz", Math.abs(crossings - 1980), lessThan(30));
        assertThat(MulawAudio.rms(mulaw, 100, mulaw.length), greaterThan(5400.0));
        assertThat(MulawAudio.rms(mulaw, 100, mulaw.length), lessThan(5900.0));
    }

    @Test
    void theCommandLineNamesWhatIsWrongWithIt() {
        var noServer = assertThrows(IllegalArgumentException.class, CallerOptions::parse);
        var badOption = assertThrows(IllegalArgumentException.class,
                () -> CallerOptions.parse("http://localhost:8080", "--loud"));
        var badSeconds = assertThrows(IllegalArgumentException.class,
                () -> CallerOptions.parse("--quiet", "soon", "http://localhost:8080"));
        CallerOptions parsed = CallerOptions.parse("--from", "+15551234567", "--save", "out.wav",
                "http://localhost:8080", "a.wav", "b.ulaw");

        assertThat(noServer.getMessage(), containsString("which server?"));
        assertThat(badOption.getMessage(), equalTo("unknown option --loud"));
        assertThat(badSeconds.getMessage(), equalTo("--quiet takes seconds: soon"));
        assertThat(parsed.server().toString(), equalTo("http://localhost:8080/"));
        assertThat(parsed.utterances(), equalTo(List.of(Path.of("a.wav"), Path.of("b.ulaw"))));
        assertThat(parsed.from(), equalTo(Optional.of("+15551234567")));
        assertThat(parsed.saveTo(), equalTo(Path.of("out.wav")));
    }

    private static CallSummary place(CallerOptions options, List<String> output) {
        try {
            return SimulatedCaller.call(options, output::add);
        } catch (Exception e) {
            throw new IllegalStateException("the simulated call failed", e);
        }
    }

    /** Nano times at which the agent had received the first and the last frame of {@code words}. */
    private static long[] whenSpoken(AgentConnection agent, byte[] words) throws InterruptedException {
        byte[] first = Arrays.copyOf(words, 160);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long startedAt = 0;
        while (System.nanoTime() < deadline) {
            byte[] received = agent.receivedAudio();
            if (startedAt == 0 && indexOf(received, first) >= 0) {
                startedAt = System.nanoTime();
            }
            if (indexOf(received, words) >= 0) {
                return new long[] {startedAt, System.nanoTime()};
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the agent never received the whole utterance");
    }

    /** Audio that is never μ-law silence and never repeats within a frame, so it can be found again byte-exact. */
    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((seed * 37 + i * 11 + i / 160) % 120);
        }
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] pcmWav(short[] samples, int rate) {
        ByteBuffer wav = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples.length * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples.length * 2);
        for (short sample : samples) {
            wav.putShort(sample);
        }
        return wav.array();
    }
}
