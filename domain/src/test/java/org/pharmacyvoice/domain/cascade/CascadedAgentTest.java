package org.pharmacyvoice.domain.cascade;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelTurn;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * The cascaded agent as the bridge sees it: the same events the Deepgram agent sends, from three services it drives
 * itself — a greeting, a caller's turn answered sentence by sentence, tools, barge-in, failures.
 */
class CascadedAgentTest {

    private static final CallContext CALL = new CallContext("CA1", "MZ1", "+15551234567", "");
    private static final List<ToolSpec> TOOLS = List.of(ToolSpec.of("get_hours", "Opening hours"));

    private final FakeServices.Ears ears = new FakeServices.Ears();
    private final FakeServices.Mouth mouth = new FakeServices.Mouth();
    private final FakeServices.Model model = new FakeServices.Model();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private final CascadedAgent agent = new CascadedAgent(ears, model, mouth,
            new CascadeSettings(Duration.ofMillis(500), 3, "Sorry, say again?"), Runnable::run);

    private AgentSession connect(String greeting) throws AgentUnavailableException {
        return agent.connect(CALL, new AgentBriefing("Be kind.", greeting, TOOLS, List.of()), events::add);
    }

    private List<ConversationLine> transcript() {
        return events.stream().filter(AgentEvent.Transcript.class::isInstance)
                .map(event -> ((AgentEvent.Transcript) event).line()).toList();
    }

    private <T extends AgentEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void callerSays(String text) {
        ears.hear(new Heard.SpeechStarted());
        ears.hear(new Heard.Interim(text.substring(0, text.length() / 2)));
        ears.hear(new Heard.Final(text, true));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void greetsTheCallerOnceReadyAndKeepsTheGreetingInTheTranscriptOnceHeard() throws Exception {
        connect("Hello, Main Street Pharmacy.");

        assertThat(events.get(0), instanceOf(AgentEvent.Ready.class));
        assertThat(mouth.said, contains("Hello, Main Street Pharmacy."));
        assertThat(events.stream().map(event -> event.getClass().getSimpleName()).toList(), contains("Ready",
                "AgentStartedSpeaking", "Transcript", "Speech", "AgentAudioDone"));
        assertThat(eventsOf(AgentEvent.Speech.class).get(0).audio().length, equalTo(28 * 533));
        assertThat(transcript(), contains(new ConversationLine(Speaker.AGENT, "Hello, Main Street Pharmacy.")));
        assertThat("no latency without a caller turn", eventsOf(AgentEvent.Latency.class), empty());
    }

    @Test
    void sendsCallerAudioUnchangedToSpeechRecognition() throws Exception {
        AgentSession session = connect("");
        byte[] frame = {1, 2, 3, (byte) 0xFF};
        session.sendAudio(frame);

        assertThat(ears.audio, contains(frame));
    }

    @Test
    void answersACallerTurnSentenceBySentenceWhileTheModelStillWrites() throws Exception {
        connect("Hello.");
        callerSays("When do you close today?");

        assertThat(transcript().get(1), equalTo(new ConversationLine(Speaker.CALLER, "When do you close today?")));
        assertThat(model.lastRequest().instructions(), equalTo("Be kind."));
        assertThat(model.lastRequest().tools(), equalTo(TOOLS));
        assertThat(model.lastRequest().turns(), contains(new ModelTurn.AgentSaid("Hello.", List.of()),
                new ModelTurn.CallerSaid("When do you close today?")));

        model.write(new ModelEvent.Text("We close at 9 p"));
        model.write(new ModelEvent.Text("m tonight. Anything "));
        assertThat("the first sentence is spoken before the model has finished", mouth.said,
                contains("Hello.", "We close at 9 pm tonight."));
        model.write(new ModelEvent.Text("else?"));
        model.write(new ModelEvent.Finished(List.of()));

        assertThat(mouth.said, contains("Hello.", "We close at 9 pm tonight.", "Anything else?"));
        List<AgentEvent.Latency> latencies = eventsOf(AgentEvent.Latency.class);
        assertThat(latencies.size(), equalTo(1));
        assertThat(latencies.get(0).agent(), equalTo("cascaded"));
        assertThat(eventsOf(AgentEvent.AgentAudioDone.class).size(), equalTo(2));
        await(() -> transcript().size() == 4);
        assertThat(transcript().subList(2, 4), contains(new ConversationLine(Speaker.AGENT, "We close at 9 pm tonight."),
                new ConversationLine(Speaker.AGENT, "Anything else?")));
    }

    @Test
    void runsTwoToolsInOneTurnAndRepliesOnlyOnceBothAreAnsweredWithTheAnswersInTheOrderAsked() throws Exception {
        AgentSession session = connect("");
        var hours = ToolCall.of("call_1", "get_hours", new ToolArguments(Map.of()));
        var stock = ToolCall.of("call_2", "check_stock", new ToolArguments(Map.of("drug", "ibuprofen")));
        model.willReply(new ModelEvent.Text("Let me check."), new ModelEvent.Finished(List.of(hours, stock)));
        callerSays("Are you open and do you have ibuprofen?");

        assertThat(eventsOf(AgentEvent.ToolCallsRequested.class).get(0).calls(), contains(hours, stock));
        session.answer(stock, ToolResult.success("in_stock", true));
        assertThat("no reply before every call is answered", model.requests.size(), equalTo(1));
        session.answer(hours, ToolResult.success("closes", "21:00"));

        assertThat(model.requests.size(), equalTo(2));
        List<ModelTurn> turns = model.lastRequest().turns();
        assertThat(turns.subList(turns.size() - 3, turns.size()), contains(
                new ModelTurn.AgentSaid("Let me check.", List.of(hours, stock)),
                new ModelTurn.ToolAnswered("call_1", "get_hours", ToolResult.success("closes", "21:00")),
                new ModelTurn.ToolAnswered("call_2", "check_stock", ToolResult.success("in_stock", true))));
        session.answer(hours, ToolResult.success("closes", "22:00"));
        assertThat("a second answer to the same call is not passed on", model.requests.size(), equalTo(2));
    }

    @Test
    void aCallerWhoStartsSpeakingStopsTheSpeechAndTheWritingAndKeepsOnlyWhatWasHeard() throws Exception {
        connect("");
        callerSays("Tell me about my order.");
        model.write(new ModelEvent.Text("Your order is on its way. It left the pharmacy at noon. "));
        assertThat(mouth.said, contains("Your order is on its way.", "It left the pharmacy at noon."));

        ears.hear(new Heard.SpeechStarted());

        assertThat(events.get(events.size() - 1), instanceOf(AgentEvent.CallerStartedSpeaking.class));
        assertThat(model.cancelled.get(0), is(true));
        assertThat(mouth.hushes, equalTo(1));
        Thread.sleep(2500);
        assertThat("the second sentence was due after 1.3 s of the first: never heard", transcript(), contains(
                new ConversationLine(Speaker.CALLER, "Tell me about my order."),
                new ConversationLine(Speaker.AGENT, "Your order is on its way.")));
        model.write(new ModelEvent.Text("More words."));
        assertThat("a cancelled reply's late text is dropped", mouth.said.size(), equalTo(2));

        ears.hear(new Heard.Final("Actually, when do you close?", true));
        assertThat(model.lastRequest().turns(), contains(new ModelTurn.CallerSaid("Tell me about my order."),
                new ModelTurn.AgentSaid("Your order is on its way.", List.of()),
                new ModelTurn.CallerSaid("Actually, when do you close?")));
    }

    @Test
    void aFailedReplyIsFollowedByAnApologyAndTheThirdInARowFailsTheConversation() throws Exception {
        connect("");
        model.willReply(new ModelEvent.Failed("HTTP 500", Optional.empty()));
        callerSays("Hello?");
        assertThat(mouth.said, contains("Sorry, say again?"));
        assertThat(eventsOf(AgentEvent.Failed.class), empty());

        model.willReply(new ModelEvent.Failed("HTTP 500", Optional.empty()));
        callerSays("Hello?");
        model.willReply(new ModelEvent.Failed("HTTP 503", Optional.empty()));
        callerSays("Hello?");

        List<AgentEvent.Failed> failed = eventsOf(AgentEvent.Failed.class);
        assertThat(failed.size(), equalTo(1));
        assertThat(failed.get(0).code(), equalTo("model"));
        assertThat(failed.get(0).description(), equalTo("the language model failed 3 replies in a row: HTTP 503"));
    }

    @Test
    void aRateLimitedReplyIsAskedForAgainAfterTheWaitTheServiceNamed() throws Exception {
        connect("");
        model.willReply(new ModelEvent.Failed("HTTP 429", Optional.of(Duration.ofMillis(200))));
        model.willReply(new ModelEvent.Text("Yes, we are open."), new ModelEvent.Finished(List.of()));
        long started = System.nanoTime();
        callerSays("Are you open?");

        await(() -> model.requests.size() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis(), greaterThanOrEqualTo(200L));
        await(() -> mouth.said.contains("Yes, we are open."));
        assertThat(mouth.said, not(hasItem("Sorry, say again?")));
    }

    @Test
    void aWaitLongerThanTheLongestAcceptedIsNotTaken() throws Exception {
        connect("");
        model.willReply(new ModelEvent.Failed("HTTP 429", Optional.of(Duration.ofSeconds(30))));
        callerSays("Are you open?");

        assertThat(mouth.said, contains("Sorry, say again?"));
        Thread.sleep(100);
        assertThat(model.requests.size(), equalTo(1));
    }

    @Test
    void losingSpeechRecognitionIsALostConnectionAndNothingComesAfterClose() throws Exception {
        AgentSession session = connect("");
        ears.hear(new Heard.Lost("socket closed 1011"));

        assertThat(eventsOf(AgentEvent.Disconnected.class).get(0).reason(),
                equalTo("speech recognition lost: socket closed 1011"));
        session.close();
        int before = events.size();
        ears.hear(new Heard.Final("Hello", true));
        assertThat(events.size(), equalTo(before));
        assertThat(ears.closed && mouth.closed, is(true));
        assertThat(model.requests, empty());
    }

    @Test
    void callerTextIsRefusedMidTurnAndTakenAsTheCallersTurnOtherwise() throws Exception {
        AgentSession session = connect("");
        mouth.speakAtOnce = false;
        callerSays("Hi.");
        model.write(new ModelEvent.Text("Hello there."));
        session.sendCallerText("1234");
        assertThat(eventsOf(AgentEvent.CallerTextRefused.class).size(), equalTo(1));

        model.write(new ModelEvent.Finished(List.of()));
        mouth.speak("Hello there.");
        session.sendCallerText("1234");
        assertThat(model.lastRequest().turns().get(model.lastRequest().turns().size() - 1),
                equalTo(new ModelTurn.CallerSaid("1234")));
    }

    @Test
    void agentTextIsSpokenAfterWhatIsBeingSaidAndKeptForTheModel() throws Exception {
        AgentSession session = connect("");
        session.sendAgentText("Are you still there?");

        assertThat(mouth.said, contains("Are you still there?"));
        callerSays("Yes.");
        assertThat(model.lastRequest().turns(), contains(new ModelTurn.AgentSaid("Are you still there?", List.of()),
                new ModelTurn.CallerSaid("Yes.")));
    }

    @Test
    void aResumedConversationIsReplayedToTheModelWithoutAGreeting() throws Exception {
        var history = List.of(new ConversationLine(Speaker.AGENT, "Hello."),
                new ConversationLine(Speaker.CALLER, "I need a refill."));
        agent.connect(CALL, new AgentBriefing("Be kind.", "", TOOLS, history), events::add);
        callerSays("Rx one two three.");

        assertThat(mouth.said, empty());
        assertThat(model.lastRequest().turns(), contains(new ModelTurn.AgentSaid("Hello.", List.of()),
                new ModelTurn.CallerSaid("I need a refill."), new ModelTurn.CallerSaid("Rx one two three.")));
    }

    @Test
    void aVoiceThatCannotOpenClosesTheOpenRecognitionAndTheConnectFails() {
        mouth.refuse = true;

        var refused = assertThrows(AgentUnavailableException.class, () -> connect("Hello."));
        assertThat(refused.getMessage(), equalTo("speak refused"));
        assertThat(ears.closed, is(true));
        assertThat(events, empty());
    }

    @Test
    void noiseWithoutWordsStartsNoTurn() throws Exception {
        connect("");
        ears.hear(new Heard.SpeechStarted());
        ears.hear(new Heard.Final("", true));
        ears.hear(new Heard.EndOfTurn());

        assertThat(model.requests, empty());
        assertThat(eventsOf(AgentEvent.CallerStartedSpeaking.class).size(), equalTo(1));
    }

    @Test
    void aRecogniserThatNeverStopsAddsNoMoreThanTheTurnsLimit() throws Exception {
        connect("");
        String words = "refill ".repeat(100).strip();
        for (int i = 0; i < 1000; i++) {
            ears.hear(new Heard.Final(words, false));
        }
        ears.hear(new Heard.EndOfTurn());

        var said = (ModelTurn.CallerSaid) model.lastRequest().turns().get(0);
        assertThat(said.text().length() <= CascadedConversation.MAX_CALLER_CHARS + words.length() + 1, is(true));
    }

    @Test
    void firstWordsCutTheAgentShortWhenTheRecogniserHasNoVoiceActivityEvents() throws Exception {
        connect("");
        ears.hear(new Heard.Final("Hi.", true));
        model.write(new ModelEvent.Text("Hello, how can I help you today? "));

        ears.hear(new Heard.Interim("Actually"));

        assertThat(eventsOf(AgentEvent.CallerStartedSpeaking.class).size(), equalTo(1));
        assertThat(model.cancelled.get(0), is(true));
    }

    @Test
    void wordsSpreadOverSeveralFinalsMakeOneTurnAtTheEndOfTurn() throws Exception {
        connect("");
        ears.hear(new Heard.Final("I would like", false));
        ears.hear(new Heard.Final("a refill please.", false));
        assertThat(model.requests, empty());
        ears.hear(new Heard.EndOfTurn());

        assertThat(model.lastRequest().turns(), contains(new ModelTurn.CallerSaid("I would like a refill please.")));
    }
}
