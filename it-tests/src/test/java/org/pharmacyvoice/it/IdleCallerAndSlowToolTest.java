package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * A caller who goes quiet, and a tool that keeps one waiting, on a real call: the real server between the fake
 * Twilio caller and the fake Deepgram agent. What the agent is given to say arrives as InjectAgentMessage, checked
 * against Deepgram's schema; an idle call ends as CALLER_IDLE, in the call record and on the metrics.
 */
class IdleCallerAndSlowToolTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The shortest the settings allow, so that the tests are quick. */
    private static final Duration IDLE = Duration.ofSeconds(1);
    /** The default: far above what a quick tool takes even on a loaded machine. */
    private static final Duration FILLER_DELAY = Duration.ofSeconds(1);
    private static final Duration SLOW_TOOL = Duration.ofMillis(2500);
    private static final String STILL_THERE = "Are you still there?";
    private static final String GOODBYE = "I haven't heard from you, so I'll end the call now. Please call again any "
            + "time. Goodbye.";
    private static final String LOOKING_UP = "One moment while I look that up.";

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    private final List<FakeTwilioCaller> callers = new ArrayList<>();
    private final List<AgentConnection> connections = new ArrayList<>();

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of("caller.idle.timeout", "1", "tool.filler.delay", "1"),
                List.of(new SlowLookup(), new QuickLookup()));
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @AfterEach
    void noProtocolViolations() {
        callers.forEach(FakeTwilioCaller::close);
        for (FakeTwilioCaller caller : callers) {
            assertThat("Twilio rules broken by the server", caller.protocolViolations(), empty());
        }
        for (AgentConnection connection : connections) {
            assertThat("Deepgram rules broken by the server", connection.protocolViolations(), empty());
        }
    }

    @Test
    void aCallerSilentTwiceIsAskedThenToldGoodbyeAndTheCallEndsAsCallerIdleOnceTheGoodbyeIsHeard() throws Exception {
        var before = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
        FakeTwilioCaller caller = newCaller().autoEchoMarks(true);
        AgentConnection agent = answerCall(caller);
        agent.settings();

        long greetingDone = agentTurn(agent, RunningPharmacy.GREETING);
        assertThat(agent.awaitInjectedAgentMessages(1, WAIT), contains(said(STILL_THERE)));
        long asked = System.nanoTime();
        assertThat("asked once the idle timeout was over, not before",
                TimeUnit.NANOSECONDS.toMillis(asked - greetingDone) >= IDLE.toMillis(), is(true));

        long questionDone = agentTurn(agent, STILL_THERE);
        assertThat(agent.awaitInjectedAgentMessages(2, WAIT), contains(said(STILL_THERE), said(GOODBYE)));
        assertThat("told goodbye once the idle timeout was over again",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - questionDone) >= IDLE.toMillis(), is(true));

        // The goodbye is still playing on the phone: Twilio has not echoed its mark.
        caller.autoEchoMarks(false);
        agentTurn(agent, GOODBYE);
        String goodbyeMark = lastMarkAfter(caller, 2);
        assertThat("the call goes on until the caller has heard the goodbye", caller.awaitClosed(
                Duration.ofMillis(700)), is(false));
        caller.sendMark(goodbyeMark);

        assertThat(caller.awaitClosed(WAIT), is(true));
        assertThat(caller.closeCode(), equalTo(1000));
        assertThat(agent.awaitClosed(WAIT), is(true));
        JsonObject record = pharmacy.endedCall(caller.callSid(), WAIT);
        assertThat(record.getString("end_reason"), equalTo("CALLER_IDLE"));
        assertThat(record.getJsonArray("transcript").getValuesAs(JsonObject.class).stream()
                .map(line -> line.getString("speaker") + ": " + line.getString("text")).toList(),
                contains("agent: " + RunningPharmacy.GREETING, "agent: " + STILL_THERE, "agent: " + GOODBYE));
        RunningPharmacy.awaitThat(() -> PrometheusScrape.of(pharmacy.http("/observe/metrics"))
                .since(before, "pharmacy_calls_ended_total", "reason", "caller_idle") == 1, WAIT);
        assertThat(agent.injectedAgentMessages(), contains(said(STILL_THERE), said(GOODBYE)));
    }

    @Test
    void whatTheCallerSaysOrTypesStartsTheWatchOver() throws Exception {
        FakeTwilioCaller caller = newCaller().autoEchoMarks(true);
        AgentConnection agent = answerCall(caller);
        agent.settings();
        agentTurn(agent, RunningPharmacy.GREETING);

        // Half the timeout later the caller presses a key: their turn, so the silence stops counting.
        Thread.sleep(IDLE.toMillis() / 2);
        caller.pressKeys("1#");
        agent.awaitInjectedUserMessages(1, WAIT);
        Thread.sleep(IDLE.toMillis() + 500);
        assertThat("no question while it is the caller's turn", agent.injectedAgentMessages(), is(empty()));

        agentTurn(agent, "You typed one. How can I help?");
        assertThat(agent.awaitInjectedAgentMessages(1, WAIT), contains(said(STILL_THERE)));
        agentTurn(agent, STILL_THERE);

        // The caller answers the question: the next silence gets the question again, not the goodbye.
        Thread.sleep(IDLE.toMillis() / 2);
        agent.sendUserStartedSpeaking();
        agent.sendConversationText("user", "Yes, sorry, I'm here.");
        Thread.sleep(IDLE.toMillis() + 500);
        assertThat(agent.injectedAgentMessages(), contains(said(STILL_THERE)));
        agentTurn(agent, "No problem. What can I do for you?");

        assertThat(agent.awaitInjectedAgentMessages(2, WAIT), contains(said(STILL_THERE), said(STILL_THERE)));
        assertThat("the call goes on", caller.awaitClosed(Duration.ofMillis(100)), is(false));
    }

    @Test
    void twoSlowCallsInOneRequestGetOneQueuedFillerBeforeTheirAnswers() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        var first = FunctionCall.of("slow_lookup", "{\"what\":\"stock\"}");
        var second = FunctionCall.of("slow_lookup", "{\"what\":\"price\"}");

        long requested = System.nanoTime();
        agent.requestFunctions(first, second);

        assertThat(agent.awaitInjectedAgentMessages(1, WAIT).getFirst(), equalTo(said(LOOKING_UP)));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requested);
        assertThat("said once the delay was over: " + waited + " ms", waited >= FILLER_DELAY.toMillis(), is(true));
        agent.awaitFunctionResponse(first.id(), WAIT);
        agent.awaitFunctionResponse(second.id(), WAIT);
        assertThat("one filler for the request", fillers(agent), contains(said(LOOKING_UP)));
        List<String> types = agent.receivedJson().stream().map(json -> json.getString("type")).toList();
        assertThat("the filler went before the answers: " + types, types.indexOf("InjectAgentMessage"),
                lessThan(types.indexOf("FunctionCallResponse")));
    }

    @Test
    void aQuickToolGetsNoFiller() throws Exception {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        var call = FunctionCall.of("quick_lookup", "{\"what\":\"hours\"}");

        agent.requestFunctions(call);
        agent.awaitFunctionResponse(call.id(), WAIT);
        Thread.sleep(FILLER_DELAY.toMillis() + 500);

        assertThat(fillers(agent), is(empty()));
    }

    @Test
    void noFillerReachesANewAgentConnectionForACallTheOldOneAskedFor() throws Exception {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        agent.requestFunctions(FunctionCall.of("slow_lookup", "{\"what\":\"stock\"}"));

        agent.close();
        AgentConnection replacement = pharmacy.agent.awaitConnection(WAIT);
        connections.add(replacement);
        replacement.settings();
        Thread.sleep(SLOW_TOOL.toMillis() + 500);

        assertThat(fillers(agent), is(empty()));
        assertThat(fillers(replacement), is(empty()));
    }

    /**
     * One turn of the agent: its line, half a second of speech and AgentAudioDone; returns when it was done. With
     * the caller echoing marks, that is when the caller has heard it.
     */
    private static long agentTurn(AgentConnection agent, String line) {
        agent.sendConversationText("assistant", line);
        agent.sendAudio(new byte[4000]);
        agent.sendAgentAudioDone();
        return System.nanoTime();
    }

    /** The name of the mark the server sent after {@code earlier} others. */
    private static String lastMarkAfter(FakeTwilioCaller caller, int earlier) {
        for (int i = 0; i < earlier; i++) {
            caller.awaitEvent("mark", WAIT);
        }
        return caller.awaitEvent("mark", WAIT).getJsonObject("mark").getString("name");
    }

    /**
     * The fillers among what the agent was given to say. A call whose agent says nothing after its tools have
     * answered, as in these tests, is an idle one too: its caller is asked whether they are still there.
     */
    private static List<JsonObject> fillers(AgentConnection agent) {
        return agent.injectedAgentMessages().stream()
                .filter(message -> message.getString("message").equals(LOOKING_UP)).toList();
    }

    private static JsonObject said(String message) {
        return Json.createObjectBuilder().add("type", "InjectAgentMessage").add("message", message)
                .add("behavior", "queue").build();
    }

    private FakeTwilioCaller newCaller() {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        callers.add(caller);
        return caller;
    }

    private AgentConnection answerCall(FakeTwilioCaller caller) {
        caller.startCall(Map.of("From", "+15550300011", "To", "+15550001111"));
        AgentConnection connection = pharmacy.agent.awaitConnection(WAIT);
        connections.add(connection);
        return connection;
    }

    /** A lookup that keeps the caller waiting well past the filler delay. */
    private static final class SlowLookup implements BusinessTool {

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("slow_lookup", "Looks something up, slowly.",
                    ToolParameter.text("what", "What to look up."));
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            try {
                Thread.sleep(SLOW_TOOL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.success("what", arguments.text("what"), "found", true);
        }
    }

    /** A lookup that answers at once. */
    private static final class QuickLookup implements BusinessTool {

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("quick_lookup", "Looks something up, quickly.",
                    ToolParameter.text("what", "What to look up."));
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            return ToolResult.success("what", arguments.text("what"), "found", true);
        }
    }
}
