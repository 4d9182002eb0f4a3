package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.FakeDeepgramListen;
import org.pharmacyvoice.it.fakes.FakeDeepgramSpeak;
import org.pharmacyvoice.it.fakes.FakeLanguageModel;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/**
 * Calls through the real server with the cascaded agent (VOICE_AGENT=cascaded): a fake Twilio caller, and fakes of
 * Deepgram's speech-to-text and text-to-speech and of an OpenAI-compatible language model, all over real sockets,
 * with the pharmacy's real tools and database behind them.
 */
class CascadedAgentEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SORRY = "Sorry, I missed that. Could you say it again?";

    @TempDir
    static Path dataDir;
    static FakeDeepgramListen listen;
    static FakeDeepgramSpeak speak;
    static FakeLanguageModel model;
    static RunningPharmacy pharmacy;

    private final List<FakeTwilioCaller> callers = new ArrayList<>();

    @BeforeAll
    static void start() {
        listen = FakeDeepgramListen.start();
        speak = FakeDeepgramSpeak.start();
        model = FakeLanguageModel.start();
        pharmacy = RunningPharmacy.start(dataDir, cascaded(listen, speak, model, "cascaded"));
    }

    /** The settings that put the server on the cascaded agent (or the failover) against these fakes. */
    static Map<String, String> cascaded(FakeDeepgramListen listen, FakeDeepgramSpeak speak, FakeLanguageModel model,
                                        String agent) {
        return Map.of("voice.agent", agent,
                "deepgram.listen.url", listen.url().toString(),
                "deepgram.speak.url", speak.url().toString(),
                "llm.base.url", model.baseUrl().toString(),
                "llm.api.key", FakeLanguageModel.API_KEY,
                "llm.model", "gpt-4o-mini");
    }

    @AfterAll
    static void stop() {
        pharmacy.close();
        listen.close();
        speak.close();
        model.close();
    }

    @AfterEach
    void hangUpAndCheckTheRules() {
        callers.forEach(FakeTwilioCaller::close);
        for (FakeTwilioCaller caller : callers) {
            assertThat("Twilio rules broken by the server", caller.protocolViolations(), empty());
        }
        assertThat("Deepgram listen rules broken", listen.protocolViolations(), empty());
        assertThat("Deepgram speak rules broken", speak.protocolViolations(), empty());
        assertThat("what the real model API would refuse", model.mistakes(), empty());
        speak.chunkDelay(Duration.ZERO);
        assertThat("replies scripted and never asked for", model.forgetUnusedReplies(), equalTo(0));
    }

    /** A call answered by the cascaded agent, its greeting spoken: the caller, and the voice speaking to them. */
    record Answered(FakeTwilioCaller caller, FakeDeepgramListen.Stream ears, FakeDeepgramSpeak.Voice voice) {
    }

    Answered call() throws InterruptedException {
        int heard = listen.connectionCount();
        int voices = speak.connectionCount();
        var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        callers.add(caller);
        caller.startCall(Map.of("From", "+15551230000", "To", "+15550001111"));
        var ears = after(listen::connections, heard);
        var voice = after(speak::connections, voices);
        RunningPharmacy.awaitThat(() -> voice.spokenTexts().contains(RunningPharmacy.GREETING), WAIT);
        return new Answered(caller, ears, voice);
    }

    /**
     * The first connection a fake accepted after it had {@code before}: this call's, whatever connections a test
     * before it left behind.
     */
    static <T> T after(Supplier<List<T>> connections, int before) throws InterruptedException {
        RunningPharmacy.awaitThat(() -> connections.get().size() > before, WAIT);
        return connections.get().get(before);
    }

    static void say(FakeTwilioCaller caller, String text) {
        FakeDeepgramListen.utterance(text).forEach(caller::sendMedia);
    }

    /** The audio the caller has received holds the audio this class's speech fake made with {@code text} in it. */
    static boolean heard(FakeTwilioCaller caller, String text) {
        return heard(caller, speak, text);
    }

    /**
     * The audio the caller has received holds the audio {@code speak} made for a flush with {@code text} in it: texts
     * said while a flush is outstanding go together in the next, and the fake speaks each flush as one text.
     */
    static boolean heard(FakeTwilioCaller caller, FakeDeepgramSpeak speak, String text) {
        byte[] audio = caller.receivedAudio();
        for (FakeDeepgramSpeak.Voice voice : speak.connections()) {
            var flush = new StringBuilder();
            for (FakeDeepgramSpeak.Received received : voice.received()) {
                if (received.type().equals("Speak")) {
                    flush.append(received.text());
                } else if (received.type().equals("Flush") || received.type().equals("Clear")) {
                    if (received.type().equals("Flush") && flush.toString().contains(text)
                            && indexOf(audio, FakeDeepgramSpeak.audioFor(flush.toString())) >= 0) {
                        return true;
                    }
                    flush.setLength(0);
                }
            }
        }
        return false;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
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

    static List<String> lines(JsonObject record, String speaker) {
        return record.getJsonArray("transcript").getValuesAs(JsonObject.class).stream()
                .filter(line -> line.getString("speaker").equals(speaker)).map(line -> line.getString("text"))
                .toList();
    }

    static long clears(FakeTwilioCaller caller) {
        return caller.receivedMessages().stream().filter(m -> m.getString("event").equals("clear")).count();
    }

    JsonObject hangUp(FakeTwilioCaller caller) {
        caller.sendStop();
        return pharmacy.endedCall(caller.callSid(), WAIT);
    }

    @Test
    void theGreetingIsSpokenByTheSpeechServiceAndReachesTheCallerByteExact() throws Exception {
        Answered call = call();

        byte[] greeting = FakeDeepgramSpeak.audioFor(RunningPharmacy.GREETING);
        assertThat(call.caller().awaitAudio(greeting.length, WAIT), equalTo(greeting));
        assertThat(call.ears().query().get("encoding"), equalTo("mulaw"));
        assertThat(call.ears().query().get("sample_rate"), equalTo("8000"));
        assertThat(call.ears().authorization(), equalTo("Token " + RunningPharmacy.API_KEY));
        assertThat(call.voice().query().get("encoding"), equalTo("mulaw"));
        assertThat(call.voice().query().get("sample_rate"), equalTo("8000"));
        JsonObject record = hangUp(call.caller());
        assertThat(lines(record, "agent"), contains(RunningPharmacy.GREETING));
    }

    @Test
    void aQuestionIsAnsweredWithARealToolAndTheAnswerIsSpoken() throws Exception {
        Answered call = call();
        int before = model.requests().size();
        model.replyToolCalls(FakeLanguageModel.call("store_hours", "{}"))
                .replyText("We are open ", "around the clock.");

        say(call.caller(), "When are you open?");

        var first = model.awaitRequest(before + 1, WAIT);
        assertThat(first.roles(), contains("system", "assistant", "user"));
        assertThat(first.messages().get(0).getString("content"), equalTo(RunningPharmacy.PROMPT));
        assertThat(first.messages().get(2).getString("content"), equalTo("When are you open?"));
        assertThat(first.header("Authorization").orElse(""), equalTo("Bearer " + FakeLanguageModel.API_KEY));
        var second = model.awaitRequest(before + 2, WAIT);
        JsonObject toolAnswer = second.messages().get(second.messages().size() - 1);
        assertThat(toolAnswer.getString("role"), equalTo("tool"));
        assertThat(toolAnswer.getString("content"), containsString("open"));
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "We are open around the clock."), WAIT);

        JsonObject record = hangUp(call.caller());
        assertThat(lines(record, "caller"), contains("When are you open?"));
        assertThat(lines(record, "agent"), hasItem("We are open around the clock."));
        var tools = record.getJsonArray("tool_calls").getValuesAs(JsonObject.class);
        assertThat(tools.get(0).getString("tool"), equalTo("store_hours"));
        assertThat(tools.get(0).getBoolean("succeeded"), is(true));
        assertThat(tools.get(0).getString("tool_call_id"), equalTo(toolAnswer.getString("tool_call_id")));
    }

    @Test
    void twoToolsInOneTurnAreBothAnsweredBeforeTheModelGoesOn() throws Exception {
        Answered call = call();
        int before = model.requests().size();
        var hours = FakeLanguageModel.call("store_hours", "{}");
        var drug = FakeLanguageModel.call("get_drug_info", "{\"drug_name\":\"ibuprofen\"}");
        model.replyTextThenToolCalls("Let me check both.", hours, drug).replyText("Yes to both.");

        say(call.caller(), "Are you open and do you have ibuprofen?");

        var second = model.awaitRequest(before + 2, WAIT);
        List<JsonObject> messages = second.messages();
        assertThat(messages.stream().map(m -> m.getString("role")).toList().subList(messages.size() - 3,
                messages.size()), contains("assistant", "tool", "tool"));
        assertThat(messages.get(messages.size() - 2).getString("tool_call_id"), equalTo(hours.id()));
        assertThat(messages.get(messages.size() - 1).getString("tool_call_id"), equalTo(drug.id()));
        assertThat(messages.get(messages.size() - 1).getString("content").toLowerCase(), containsString("ibuprofen"));
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Yes to both."), WAIT);
        assertThat(call.voice().spokenTexts().stream().map(String::strip).toList(),
                contains(RunningPharmacy.GREETING, "Let me check both.", "Yes to both."));

        JsonObject record = hangUp(call.caller());
        assertThat(record.getJsonArray("tool_calls").getValuesAs(JsonObject.class).stream()
                .map(run -> run.getString("tool")).sorted().toList(), contains("get_drug_info", "store_hours"));
    }

    @Test
    void aCallerWhoBargesInStopsTheSpeechAndTheModelAndTheTranscriptKeepsOnlyWhatWasHeard() throws Exception {
        Answered call = call();
        call.caller().awaitAudio(FakeDeepgramSpeak.audioFor(RunningPharmacy.GREETING).length, WAIT);
        int before = model.requests().size();
        int cancelledBefore = model.cancelledStreams();
        String first = "Your order left the pharmacy this morning.";
        String second = "It should reach you before six tonight, and the driver will call you first.";
        model.replyText(Duration.ofMillis(400), first + " ", second + " ", "Anything else I can do?");
        model.replyText("Of course, go ahead.");
        // Speech arrives four times faster than it plays, so the second sentence is still being made at the barge-in.
        speak.chunkDelay(Duration.ofMillis(50));

        say(call.caller(), "Where is my order?");
        RunningPharmacy.awaitThat(() -> call.voice().spokenTexts().contains(second), WAIT);
        long clearsBefore = clears(call.caller());
        say(call.caller(), "Wait, one question.");

        RunningPharmacy.awaitThat(() -> clears(call.caller()) > clearsBefore, WAIT);
        RunningPharmacy.awaitThat(() -> call.voice().clearCount() >= 1, WAIT);
        model.awaitCancelledStreams(cancelledBefore + 1, WAIT);
        var next = model.awaitRequest(before + 2, WAIT);
        List<JsonObject> messages = next.messages();
        assertThat(messages.get(messages.size() - 2).getString("content"), equalTo(first));
        assertThat(messages.get(messages.size() - 1).getString("content"), equalTo("Wait, one question."));
        assertThat(call.voice().spokenTexts(), not(hasItem("Anything else I can do?")));

        JsonObject record = hangUp(call.caller());
        assertThat(lines(record, "agent"), hasItem(first));
        assertThat("the sentence the caller never heard is not in the transcript", lines(record, "agent"),
                not(hasItem(second)));
    }

    @Test
    void aFailedReplyIsFollowedByAnApologyAndTheCallGoesOn() throws Exception {
        Answered call = call();
        model.replyError(500, "The server had an error while processing your request.");
        model.replyText("Now I can help.");

        say(call.caller(), "Hello?");
        RunningPharmacy.awaitThat(() -> heard(call.caller(), SORRY), WAIT);
        say(call.caller(), "Hello again?");
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Now I can help."), WAIT);

        JsonObject record = hangUp(call.caller());
        assertThat(record.getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void aModelThatKeepsFailingEndsTheCallWithTheFallback() throws Exception {
        Answered call = call();
        model.replyError(500, "boom").replyError(503, "overloaded").replyError(500, "boom again");

        say(call.caller(), "Hello?");
        RunningPharmacy.awaitThat(() -> heard(call.caller(), SORRY), WAIT);
        say(call.caller(), "Hello?");
        RunningPharmacy.awaitThat(() -> call.voice().spokenTexts().stream().filter(SORRY::equals).count() == 2,
                WAIT);
        say(call.caller(), "Hello?");

        JsonObject record = pharmacy.endedCall(call.caller().callSid(), WAIT);
        assertThat(record.getString("end_reason"), equalTo("AGENT_ERROR"));
        assertThat(call.caller().awaitClosed(WAIT), is(true));
    }

    @Test
    void aSpeechServiceDropReconnectsAndTheConversationGoesOnWhereItWas() throws Exception {
        Answered call = call();
        int before = model.requests().size();
        model.replyText("Your refill is being prepared.");
        say(call.caller(), "I asked for a refill.");
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Your refill is being prepared."), WAIT);

        int heardBefore = listen.connectionCount();
        int voicesBefore = speak.connectionCount();
        listen.dropAll();
        var ears = after(listen::connections, heardBefore);
        var voice = after(speak::connections, voicesBefore);
        model.replyText("Still here.");
        Thread.sleep(300);
        say(call.caller(), "Are you still there?");

        var resumed = model.awaitRequest(before + 2, WAIT);
        List<String> contents = resumed.messages().stream().map(m -> m.getString("content", "")).toList();
        assertThat(contents.subList(1, contents.size()), contains(RunningPharmacy.GREETING,
                "I asked for a refill.", "Your refill is being prepared.", "Are you still there?"));
        RunningPharmacy.awaitThat(() -> voice.spokenTexts().contains("Still here."), WAIT);
        assertThat("no second greeting", voice.spokenTexts(), contains("Still here."));
        assertThat(ears.receivedAudio().length, greaterThanOrEqualTo(160));
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Still here."), WAIT);
        assertThat(hangUp(call.caller()).getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void aDroppedVoiceReconnectsAndTheNextReplyIsSpokenOnTheNewOne() throws Exception {
        Answered call = call();
        int voicesBefore = speak.connectionCount();
        speak.dropAll();
        var voice = after(speak::connections, voicesBefore);
        model.replyText("I can hear you again.");
        Thread.sleep(300);

        say(call.caller(), "Hello?");

        RunningPharmacy.awaitThat(() -> heard(call.caller(), "I can hear you again."), WAIT);
        assertThat("the conversation goes on: no second greeting", voice.spokenTexts(),
                contains("I can hear you again."));
        assertThat(hangUp(call.caller()).getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void theIdentityGateHoldsWhateverTheModelAsksFor() throws Exception {
        Answered call = call();
        int before = model.requests().size();
        model.replyToolCalls(FakeLanguageModel.call("list_prescriptions", "{}"))
                .replyToolCalls(FakeLanguageModel.call("verify_caller",
                        "{\"full_name\":\"Alice Moreno\",\"date_of_birth\":\"1958-04-13\"}"))
                .replyToolCalls(FakeLanguageModel.call("request_refill", "{\"rx_number\":\"2001001\"}"))
                .replyText("I can't do that until I know who you are.");

        say(call.caller(), "Refill my lisinopril, I'm Alice Moreno, born April 13 1958.");

        var last = model.awaitRequest(before + 4, WAIT);
        List<String> answers = last.messages().stream().filter(m -> m.getString("role").equals("tool"))
                .map(m -> m.getString("content")).toList();
        assertThat(answers.size(), equalTo(3));
        assertThat("prescriptions before verification", answers.get(0), containsString("\"error\""));
        assertThat("a wrong date of birth", answers.get(1), containsString("\"outcome\":\"no_match\""));
        assertThat("a refill while unverified", answers.get(2), containsString("\"error\""));
        for (String answer : answers) {
            assertThat(answer, not(containsString("lisinopril")));
            assertThat(answer, not(containsString("1958-04-12")));
            assertThat(answer, not(containsString("atorvastatin")));
        }
        JsonObject record = hangUp(call.caller());
        assertThat(record.getJsonArray("tool_calls").getValuesAs(JsonObject.class).stream()
                .filter(run -> run.getBoolean("succeeded")).map(run -> run.getString("tool")).toList(),
                contains("verify_caller"));
    }

    @Test
    void digitsTypedOnTheKeypadReachTheModelAsTheCallersTurn() throws Exception {
        Answered call = call();
        call.caller().awaitAudio(FakeDeepgramSpeak.audioFor(RunningPharmacy.GREETING).length, WAIT);
        int before = model.requests().size();
        model.replyText("Thank you.");

        call.caller().pressKeys("2001001#");

        var request = model.awaitRequest(before + 1, WAIT);
        String typed = request.messages().get(request.messages().size() - 1).getString("content");
        assertThat(typed, containsString("The caller typed "));
        assertThat(typed, containsString("2001001"));
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Thank you."), WAIT);
        hangUp(call.caller());
    }

    @Test
    void toolCallsTheModelGetsWrongAreAnsweredWithErrorsAndTheCallGoesOn() throws Exception {
        Answered call = call();
        int before = model.requests().size();
        var invented = FakeLanguageModel.call("launch_rocket", "{}");
        var broken = FakeLanguageModel.call("get_drug_info", "{\"drug_name\": [[[");
        var missing = FakeLanguageModel.call("get_drug_info", "{}");
        model.replyToolCalls(invented, broken, missing).replyText("Sorry, let me try that again.");

        say(call.caller(), "Tell me about ibuprofen.");

        var second = model.awaitRequest(before + 2, WAIT);
        List<JsonObject> answers = second.messages().stream().filter(m -> m.getString("role").equals("tool"))
                .toList();
        assertThat(answers.stream().map(m -> m.getString("tool_call_id")).toList(),
                contains(invented.id(), broken.id(), missing.id()));
        for (JsonObject answer : answers) {
            assertThat(answer.getString("content"), containsString("\"error\""));
        }
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Sorry, let me try that again."), WAIT);
        assertThat(hangUp(call.caller()).getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void eachTurnsLatencyIsInTheMetricsUnderTheCascadedAgent() throws Exception {
        PrometheusScrape before = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
        Answered call = call();
        model.replyText("Hello to you too.");

        say(call.caller(), "Hello.");
        RunningPharmacy.awaitThat(() -> heard(call.caller(), "Hello to you too."), WAIT);

        PrometheusScrape after = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
        assertThat(after.since(before, "pharmacy_agent_response_latency_seconds_count", "agent", "cascaded"),
                equalTo(1.0));
        assertThat(after.since(before, "pharmacy_agent_response_latency_seconds_sum", "agent", "cascaded") < 5.0,
                is(true));
        hangUp(call.caller());
    }
}
