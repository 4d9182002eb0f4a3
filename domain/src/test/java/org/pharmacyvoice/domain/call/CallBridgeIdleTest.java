package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.fakes.EchoTool;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine.Action;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * The idle caller and the tool filler through a real switchboard and bridge to a scripted agent, on the watchdog's
 * real clock: what the agent is given to say, and how the call ends. Their rules are in IdleCallerWatchTest and
 * ToolFillerTest, with made-up time.
 */
class CallBridgeIdleTest {

    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration FILLER_DELAY = Duration.ofMillis(200);
    private static final AgentPhrases PHRASES = AgentPhrases.defaults();

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final RecordingCallRecords records = new RecordingCallRecords();
    private final CountDownLatch slowToolMayAnswer = new CountDownLatch(1);
    private Switchboard switchboard;

    private CallSession answer() {
        switchboard = new Switchboard(agent, new Toolbox(List.of(new EchoTool("echo"), new SlowTool())),
                new CallScript("Be kind.", "Hello!"), records, CallMetrics.none(), BridgeSettings.defaults()
                .withCallerIdleTimeout(IDLE).withToolFillerDelay(FILLER_DELAY), Clock.systemUTC());
        return switchboard.answer(CALL, line);
    }

    @AfterEach
    void close() {
        slowToolMayAnswer.countDown();
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void aCallerSilentTwiceIsAskedThenToldGoodbyeAndTheCallEndsOnceTheGoodbyeIsHeard() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        agentTurn(conversation, 12000);
        assertThat(line.actions(), hasItem(new Action.Marked("r1-12000")));
        assertThat("nothing before the caller has heard the greeting",
                conversation.pollAgentText(IDLE.toMillis() + 500), nullValue());
        long heard = System.nanoTime();
        session.markPlayed("r1-12000");

        assertThat(conversation.awaitAgentText(5000), equalTo(PHRASES.stillThere()));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heard);
        assertThat("asked after the idle timeout, not before: " + waited + " ms", waited >= IDLE.toMillis(), is(true));

        agentTurn(conversation, 8000);
        session.markPlayed("r2-8000");
        assertThat(conversation.awaitAgentText(5000), equalTo(PHRASES.goodbye()));

        agentTurn(conversation, 16000);
        assertThat("not before the goodbye is heard", conversation.pollAgentText(300), nullValue());
        assertThat(line.hangUps(), equalTo(0));
        session.markPlayed("r3-16000");

        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.CALLER_IDLE)));
        assertThat(records.entries(), hasItem("ended CA01 CALLER_IDLE"));
        assertThat(conversation.isClosed(), is(true));
        assertThat(conversation.agentTexts(), contains(PHRASES.stillThere(), PHRASES.goodbye()));
    }

    @Test
    void theCallerSpeakingAfterTheQuestionStartsTheWatchOver() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        agentTurn(conversation, 8000);
        session.markPlayed("r1-8000");
        assertThat(conversation.awaitAgentText(5000), equalTo(PHRASES.stillThere()));

        conversation.emit(new AgentEvent.CallerStartedSpeaking());
        agentTurn(conversation, 8000);
        session.markPlayed("r2-8000");

        assertThat("asked again, not told goodbye", conversation.awaitAgentText(5000),
                equalTo(PHRASES.stillThere()));
        assertThat(line.hangUps(), equalTo(0));
    }

    @Test
    void aSlowToolGetsOneQueuedFillerBeforeItsAnswer() throws Exception {
        answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        long asked = System.nanoTime();
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(
                ToolCall.of("fc_1", "slow_lookup", ToolArguments.of()),
                ToolCall.of("fc_2", "slow_lookup", ToolArguments.of()))));

        assertThat(conversation.awaitAgentText(5000), equalTo(PHRASES.lookingUp()));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertThat("said after the delay: " + waited + " ms", waited >= FILLER_DELAY.toMillis(), is(true));
        assertThat("one filler for the batch", conversation.pollAgentText(3 * FILLER_DELAY.toMillis()), nullValue());
        assertThat(conversation.pollAnswer(0), nullValue());

        slowToolMayAnswer.countDown();
        assertThat(List.of(conversation.awaitAnswer().call().id(), conversation.awaitAnswer().call().id()),
                containsInAnyOrder("fc_1", "fc_2"));
        assertThat(conversation.agentTexts(), contains(PHRASES.lookingUp()));
    }

    @Test
    void aQuickToolGetsNoFiller() throws Exception {
        answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(
                ToolCall.of("fc_1", "echo", ToolArguments.of("text", "hi")))));

        assertThat(conversation.awaitAnswer().call().id(), equalTo("fc_1"));
        assertThat(conversation.pollAgentText(3 * FILLER_DELAY.toMillis()), nullValue());
    }

    @Test
    void aSlowToolOfACallThatEndedGetsNoFiller() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(
                ToolCall.of("fc_1", "slow_lookup", ToolArguments.of()))));

        session.ended(CallEndReason.CALLER_HUNG_UP);

        assertThat(conversation.pollAgentText(3 * FILLER_DELAY.toMillis()), nullValue());
        assertThat(conversation.agentTexts(), equalTo(List.of()));
    }

    /** One turn of the agent: it starts speaking, sends {@code bytes} of audio and is done. */
    private static void agentTurn(ScriptedVoiceAgent.Conversation conversation, int bytes) {
        conversation.emit(new AgentEvent.AgentStartedSpeaking());
        conversation.emit(new AgentEvent.Speech(new byte[bytes]));
        conversation.emit(new AgentEvent.AgentAudioDone());
    }

    /** A lookup that answers only when the test lets it. */
    private final class SlowTool implements BusinessTool {

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("slow_lookup", "Looks something up, slowly.",
                    ToolParameter.text("what", "what to look up").optional());
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            try {
                slowToolMayAnswer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ToolResult.success("found", true);
        }
    }
}
