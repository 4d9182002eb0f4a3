package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * The live check against the real Deepgram Voice Agent (README, "Check your Deepgram key"), run when
 * DEEPGRAM_API_KEY is set, and the proof, run always, that it is right before it ever reaches Deepgram: it sends
 * exactly the Settings the server sends on a call, those follow Deepgram's spec, it connects and authenticates as the
 * reference says, and every way Deepgram can refuse or complain fails it with Deepgram's own words.
 */
class LiveDeepgramCheckTest {

    /** The command the README documents; DEEPGRAM_AGENT_URL, when set, points it at another Deepgram endpoint. */
    static final String COMMAND =
            "./mvnw verify -pl it-tests -am -Dtest=LiveDeepgramCheckTest -Dsurefire.failIfNoSpecifiedTests=false";
    static final String SKIPPED = "DEEPGRAM_API_KEY is not set: the live Deepgram check is skipped (set it and run `"
            + COMMAND + "` to run it)";
    /** What the check heard and said, for whoever ran it: Surefire keeps the test's own output in a file anyway. */
    static final Path REPORT = Path.of("target", "live-deepgram-check.txt");

    private static final String KEY = "live-check-test-key-4242";
    private static final LiveDeepgramCheck.Timings QUICK = new LiveDeepgramCheck.Timings(
            Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(10));
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    // ---- live ----

    @Test
    void theRealDeepgramAppliesThePharmacysSettingsHearsTheCallerAndAnswersAloud() throws IOException {
        String key = System.getenv("DEEPGRAM_API_KEY");
        assumeTrue(key != null && !key.isBlank(), SKIPPED);
        try (var pharmacy = PharmacyWiring.fromEnvironment(dataDir)) {
            // The same check against the fake first: Settings the spec refuses never reach Deepgram.
            try (var fake = scriptedAgent()) {
                rehearse(pharmacy, fake);
            }
            DeepgramSettings deepgram = pharmacy.deepgram(key.trim());

            LiveDeepgramCheck.Conversation conversation;
            try {
                conversation = new LiveDeepgramCheck(deepgram, pharmacy, LiveDeepgramCheck.question(),
                        LiveDeepgramCheck.Timings.LIVE).run();
            } catch (AssertionError failure) {
                Files.writeString(REPORT, failure.getMessage(), StandardCharsets.UTF_8);
                throw failure;
            }

            Files.writeString(REPORT, "The live Deepgram check at " + deepgram.agentUrl() + " passed:\n"
                    + conversation.report(), StandardCharsets.UTF_8);
            assertThat(conversation.agentAudioBytes(), greaterThan(0));
            assertThat(conversation.lines().stream().map(ConversationLine::speaker).toList(),
                    both(hasItem(Speaker.CALLER)).and(hasItem(Speaker.AGENT)));
        }
    }

    // ---- what it sends ----

    @Test
    void theCheckSendsExactlyTheSettingsTheServerSendsWhenACallComesIn() {
        try (var pharmacy = PharmacyWiring.open(dataDir.resolve("check"), shopConfig());
             var server = RunningPharmacy.start(dataDir.resolve("server"), Map.of(
                     "agent.prompt", pharmacy.setting("agent.prompt"),
                     "agent.greeting", pharmacy.setting("agent.greeting")));
             var caller = FakeTwilioCaller.connect(server.streamUrl());
             var fake = scriptedAgent()) {
            caller.startCall(Map.of("From", "+15551230417"));
            JsonObject fromServer = server.agent.awaitConnection(WAIT).settings();

            JsonObject fromCheck = rehearse(pharmacy, fake);

            assertThat(fromCheck, equalTo(fromServer));
            assertThat(fromCheck.getJsonObject("agent").getJsonObject("think").getString("prompt"),
                    containsString("phone assistant of a community pharmacy"));
        }
    }

    @Test
    void theSettingsItSendsFollowDeepgramsSpecAndCarryThePharmacysTools() {
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig()); var fake = scriptedAgent()) {
            JsonObject settings = rehearse(pharmacy, fake);

            assertThat(DeepgramSchemaCheck.violations(settings, DeepgramAgentSpec.clientToServer("AgentV1Settings")),
                    is(empty()));
            assertThat(fake.protocolViolations(), is(empty()));
            JsonObject audio = settings.getJsonObject("audio");
            assertThat(audio.getJsonObject("input").toString(), equalTo("{\"encoding\":\"mulaw\",\"sample_rate\":8000}"));
            assertThat(audio.getJsonObject("output").getString("encoding"), equalTo("mulaw"));
            assertThat(audio.getJsonObject("output").getInt("sample_rate"), equalTo(8000));
            assertThat(settings.getJsonObject("agent").getJsonObject("think").getJsonArray("functions")
                    .getValuesAs(JsonObject.class).stream().map(f -> f.getString("name")).toList(), equalTo(List.of(
                    "verify_caller", "get_drug_info", "place_order", "request_refill", "refill_status",
                    "list_prescriptions", "lookup_order", "find_my_orders", "cancel_order", "store_hours",
                    "read_message", "stop_calls", "transfer_to_pharmacist", "end_call")));
        }
    }

    @Test
    void itConnectsToTheAgentEndpointAndAuthenticatesAsTheReferenceSays() {
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig()); var fake = scriptedAgent()) {
            assertThat("the v1 agent endpoint on agent.deepgram.com, no query", pharmacy.deepgram(KEY).agentUrl(),
                    equalTo(URI.create("wss://agent.deepgram.com/v1/agent/converse")));

            rehearse(pharmacy, fake);

            AgentConnection connection = fake.connections().getFirst();
            assertThat(connection.authorization(), equalTo("Token " + KEY));
            assertThat(connection.upgradeHeader("Sec-WebSocket-Protocol").isPresent(), is(false));
        }
    }

    // ---- a conversation that goes well ----

    @Test
    void againstAnAgentThatAnswersItStreamsTheQuestionInTwentyMillisecondFramesAndAnswersTheToolsItIsAskedFor()
            throws Exception {
        byte[] question = LiveDeepgramCheck.question();
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig()); var fake = scriptedAgent()) {
            var storeHours = FunctionCall.of("store_hours", "{}");
            CompletableFuture<JsonObject> toolAnswer = CompletableFuture.supplyAsync(() -> {
                AgentConnection connection = fake.awaitConnection(WAIT);
                greet(connection);
                awaitQuestion(connection, question);
                connection.sendConversationText("user", "Hello, what are your opening hours?");
                connection.requestFunctions(storeHours);
                JsonObject answer = connection.awaitFunctionResponse(storeHours.id(), WAIT);
                connection.sendConversationText("assistant", "We're open weekdays from nine to seven.");
                connection.sendAudio(new byte[3200]);
                connection.sendAgentAudioDone();
                return answer;
            });

            LiveDeepgramCheck.Conversation conversation = check(pharmacy, fake.url()).run();

            assertThat(conversation.lines(), equalTo(List.of(
                    new ConversationLine(Speaker.AGENT, "Hello, you've reached the pharmacy."),
                    new ConversationLine(Speaker.CALLER, "Hello, what are your opening hours?"),
                    new ConversationLine(Speaker.AGENT, "We're open weekdays from nine to seven."))));
            assertThat(conversation.agentAudioBytes(), equalTo(1600 + 3200));
            assertThat(conversation.answerAudioBytes(), equalTo(3200));
            assertThat("the caller's line played what the agent said", conversation.callerHeardBytes(),
                    equalTo(1600 + 3200));
            assertThat(conversation.toolsAsked(), equalTo(List.of("store_hours")));
            JsonObject answer = toolAnswer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat("the pharmacy's own store_hours answered", answer.getString("content"),
                    containsString("\"weekly_hours\":\"every day, 24 hours\""));
            AgentConnection connection = fake.connections().getFirst();
            assertThat(fake.protocolViolations(), is(empty()));
            assertThat(connection.awaitClosed(WAIT), is(true));
            assertThat(connection.closeCode(), equalTo(1000));
            assertQuestionPacedInFrames(connection, question);
        }
    }

    @Test
    void theQuestionIsACallersVoiceInTelephoneAudio() throws Exception {
        byte[] question = LiveDeepgramCheck.question();

        assertThat("8 kHz μ-law: 8000 bytes a second", question.length,
                both(greaterThanOrEqualTo(2 * 8000)).and(lessThan(5 * 8000)));
        var ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
        var pcm = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream decoded = AudioSystem.getAudioInputStream(pcm,
                new AudioInputStream(new ByteArrayInputStream(question), ulaw, question.length))) {
            byte[] samples = decoded.readAllBytes();
            double sum = 0;
            for (int i = 0; i + 1 < samples.length; i += 2) {
                double sample = (short) ((samples[i] & 0xFF) | (samples[i + 1] << 8));
                sum += sample * sample;
            }
            double rms = Math.sqrt(sum / (samples.length / 2.0));
            assertThat("speech, not silence: RMS " + rms, rms, greaterThan(1500.0));
        }
    }

    // ---- refusals and complaints ----

    @Test
    void aRefusedUpgradeFailsWithTheHttpStatusAndNeverShowsTheKey() {
        WebServer refusing = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .routing(routing -> routing.get(FakeDeepgramAgent.PATH, (request, response) -> response
                        .status(Status.UNAUTHORIZED_401)
                        .send("{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\"}")))
                .build()
                .start();
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig())) {
            var check = check(pharmacy, URI.create("ws://127.0.0.1:" + refusing.port() + FakeDeepgramAgent.PATH));

            AssertionError failure = assertThrows(AssertionError.class, check::run);

            assertThat(failure.getMessage(), allOf(containsString("Deepgram did not take the conversation"),
                    containsString("401"), containsString("no SettingsApplied"), not(containsString(KEY))));
        } finally {
            refusing.stop();
        }
    }

    @Test
    void anErrorInsteadOfSettingsAppliedFailsWithDeepgramsCodeAndDescription() {
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig());
             var fake = scriptedAgent()) {
            CompletableFuture.runAsync(() -> {
                AgentConnection connection = fake.awaitConnection(WAIT);
                connection.settings();
                connection.sendError("INVALID_SETTINGS", "Invalid settings: agent.think.provider.model");
            });

            AssertionError failure = assertThrows(AssertionError.class, check(pharmacy, fake.url())::run);

            assertThat(failure.getMessage(), allOf(containsString("while waiting for Welcome and SettingsApplied"),
                    containsString("Deepgram sent Error INVALID_SETTINGS: Invalid settings: agent.think.provider.model"),
                    not(containsString(KEY))));
        }
    }

    @Test
    void settingsNeverAppliedFailsOnceItsTimeIsUp() {
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig());
             var fake = scriptedAgent()) {
            var check = new LiveDeepgramCheck(pharmacy.deepgram(KEY, fake.url()), pharmacy,
                    LiveDeepgramCheck.question(), new LiveDeepgramCheck.Timings(
                            Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(10)));

            AssertionError failure = assertThrows(AssertionError.class, check::run);

            assertThat(failure.getMessage(), containsString(
                    "while waiting for Welcome and SettingsApplied at " + fake.url() + ": nothing more within 0 s: Welcome "
                            + "came and the Settings went out, but no SettingsApplied"));
        }
    }

    @Test
    void aWarningDuringTheConversationFailsWithItsText() {
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig()); var fake = scriptedAgent()) {
            CompletableFuture.runAsync(() -> {
                AgentConnection connection = fake.awaitConnection(WAIT);
                greet(connection);
                connection.sendJson("{\"type\":\"Warning\",\"description\":\"The prompt was truncated.\","
                        + "\"code\":\"PROMPT_TOO_LONG\"}");
            });

            AssertionError failure = assertThrows(AssertionError.class, check(pharmacy, fake.url())::run);

            assertThat(failure.getMessage(), allOf(
                    containsString("Deepgram sent Warning PROMPT_TOO_LONG: The prompt was truncated."),
                    containsString("agent:  Hello, you've reached the pharmacy."),
                    containsString("1600 bytes of agent audio")));
        }
    }

    @Test
    void aConnectionDeepgramClosesBeforeTheAnswerFailsWithTheCloseCode() {
        byte[] question = shortQuestion();
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig()); var fake = scriptedAgent()) {
            CompletableFuture.runAsync(() -> {
                AgentConnection connection = fake.awaitConnection(WAIT);
                greet(connection);
                awaitQuestion(connection, question);
                connection.close();
            });

            AssertionError failure = assertThrows(AssertionError.class, check(pharmacy, fake.url(), question)::run);

            assertThat(failure.getMessage(), allOf(
                    containsString("while waiting for the agent to hear the caller and answer aloud"),
                    containsString("the connection to Deepgram ended: closed by Deepgram (1000 normal)")));
        }
    }

    @Test
    void anAgentThatHearsNothingFailsSayingWhatIsMissing() {
        try (var pharmacy = PharmacyWiring.open(dataDir, shopConfig()); var fake = FakeDeepgramAgent.start()) {
            var check = new LiveDeepgramCheck(pharmacy.deepgram(KEY, fake.url()), pharmacy,
                    LiveDeepgramCheck.question(), new LiveDeepgramCheck.Timings(
                            Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1)));

            AssertionError failure = assertThrows(AssertionError.class, check::run);

            assertThat(failure.getMessage(), containsString("nothing more within 1 s: no ConversationText of role "
                    + "user (the agent did not hear the caller); no ConversationText of role assistant after it (no "
                    + "answer); no agent audio after it"));
        }
    }

    // ---- helpers ----

    /** application.yaml's settings, the pharmacy open around the clock (as RunningPharmacy's server has it). */
    private static Config shopConfig() {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of("pharmacy.hours", RunningPharmacy.OPEN_AROUND_THE_CLOCK)))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }

    private static LiveDeepgramCheck check(PharmacyWiring pharmacy, URI url) {
        return check(pharmacy, url, LiveDeepgramCheck.question());
    }

    private static LiveDeepgramCheck check(PharmacyWiring pharmacy, URI url, byte[] question) {
        return new LiveDeepgramCheck(pharmacy.deepgram(KEY, url), pharmacy, question, QUICK);
    }

    /** The question's first 200 ms: enough for a fake that only needs to know the caller spoke. */
    private static byte[] shortQuestion() {
        return Arrays.copyOf(LiveDeepgramCheck.question(), 1600);
    }

    /**
     * Runs the check (with a short question) against an agent that answers as Deepgram would; returns the Settings
     * it sent, which the fake found to follow the spec.
     */
    private static JsonObject rehearse(PharmacyWiring pharmacy, FakeDeepgramAgent fake) {
        byte[] question = shortQuestion();
        CompletableFuture<JsonObject> settings = CompletableFuture.supplyAsync(() -> {
            AgentConnection connection = fake.awaitConnection(WAIT);
            JsonObject sent = connection.settings();
            greet(connection);
            awaitQuestion(connection, question);
            connection.sendConversationText("user", "Hello, what are your opening hours?");
            connection.sendConversationText("assistant", "We're open weekdays from nine to seven.");
            connection.sendAudio(new byte[3200]);
            connection.sendAgentAudioDone();
            return sent;
        });
        check(pharmacy, fake.url(), question).run();
        assertThat(fake.protocolViolations(), is(empty()));
        return settings.join();
    }

    /**
     * A fake agent whose test thread says when the Settings are applied ({@link #greet}), so that SettingsApplied
     * comes before what the test sends next, as Deepgram has it.
     */
    private static FakeDeepgramAgent scriptedAgent() {
        return FakeDeepgramAgent.start().holdSettingsApplied(true);
    }

    /** SettingsApplied, then a greeting: its line, 200 ms of audio, AgentAudioDone. */
    private static void greet(AgentConnection connection) {
        connection.settings();
        connection.applySettings();
        connection.sendConversationText("assistant", "Hello, you've reached the pharmacy.");
        connection.sendAudio(new byte[1600]);
        connection.sendAgentAudioDone();
    }

    /** Waits until the whole question has come in, in order, among the caller's silence. */
    private static void awaitQuestion(AgentConnection connection, byte[] question) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (indexOf(connection.receivedAudio(), question) < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the question did not reach the agent within " + WAIT);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /**
     * The question came whole and in order, one 20 ms frame per message, its first frame to its last taking as long
     * as the question lasts: paced as a phone line, not sent in a burst.
     */
    private static void assertQuestionPacedInFrames(AgentConnection connection, byte[] question) {
        List<byte[]> frames = connection.audioFrames();
        int count = (question.length + LiveDeepgramCheck.FRAME_BYTES - 1) / LiveDeepgramCheck.FRAME_BYTES;
        byte[] first = Arrays.copyOf(question, LiveDeepgramCheck.FRAME_BYTES);
        int start = 0;
        while (start < frames.size() && !Arrays.equals(frames.get(start), first)) {
            start++;
        }
        assertThat("the question's first frame arrived", start, lessThan(frames.size()));
        assertThat(frames.size(), greaterThanOrEqualTo(start + count));
        for (int n = 0; n < count - 1; n++) {
            int from = n * LiveDeepgramCheck.FRAME_BYTES;
            assertThat("frame " + n + " of the question", frames.get(start + n),
                    equalTo(Arrays.copyOfRange(question, from, from + LiveDeepgramCheck.FRAME_BYTES)));
        }
        List<Long> arrivals = connection.audioArrivals();
        double seconds = (arrivals.get(start + count - 1) - arrivals.get(start)) / 1e9;
        double expected = (count - 1) * 0.02;
        assertThat(count + " frames in " + seconds + " s", seconds,
                both(greaterThanOrEqualTo(expected * 0.9 - 0.1)).and(lessThan(expected * 1.5 + 1)));
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
