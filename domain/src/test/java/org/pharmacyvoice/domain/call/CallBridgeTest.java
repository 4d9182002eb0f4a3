package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.fakes.EchoTool;
import org.pharmacyvoice.domain.fakes.RecordingCallMetrics;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine.Action;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.domain.tool.Toolbox;

class CallBridgeTest {

    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final EchoTool echo = new EchoTool("echo");
    private final List<BusinessTool> tools = new ArrayList<>(List.of(echo));
    private final RecordingCallRecords records = new RecordingCallRecords();
    private final RecordingCallMetrics metrics = new RecordingCallMetrics();
    private Switchboard switchboard = switchboard(Duration.ofSeconds(5));

    private Switchboard switchboard(Duration readyTimeout) {
        return switchboard(BridgeSettings.defaults().withAgentStartTimeout(readyTimeout)
                .withReconnects(0, Duration.ofMillis(10)));
    }

    private Switchboard switchboard(BridgeSettings settings) {
        return new Switchboard(agent, new Toolbox(tools), new CallScript("Be kind.", "Hello!"), records,
                metrics, settings, Clock.systemUTC());
    }

    @AfterEach
    void closeSwitchboard() {
        switchboard.close();
    }

    @Test
    void givenNewCall_whenAnswered_thenAgentIsBriefedWithScriptAndToolSpecs() throws Exception {
        switchboard.answer(CALL, line);

        var conversation = agent.awaitConversation();
        assertThat(conversation.call(), equalTo(CALL));
        assertThat(conversation.briefing().prompt(), equalTo("Be kind."));
        assertThat(conversation.briefing().greeting(), equalTo("Hello!"));
        assertThat(conversation.briefing().tools().stream().map(spec -> spec.name()).toList(),
                contains("echo", "transfer_to_pharmacist", "end_call"));
        assertThat(conversation.briefing().tools().getFirst(), equalTo(echo.spec()));
        assertThat(switchboard.activeCalls(), equalTo(1));
    }

    @Test
    void givenAudioBeforeAgentIsReady_whenReady_thenQueuedFramesReachAgentInOrderFollowedByLiveOnes()
            throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        session.callerAudio(new byte[] {1, 1});
        var conversation = agent.awaitConversation();
        session.callerAudio(new byte[] {2, 2, 2});

        assertThat(conversation.audioFrames(), hasSize(0));
        conversation.emit(new AgentEvent.Ready());
        // Ready may beat connect() handing the session to the bridge; a frame in that gap waits too, so the live
        // frame is sent once the held ones are through.
        conversation.awaitAudio(5);
        session.callerAudio(new byte[] {3, 3});

        assertThat(conversation.awaitAudio(7), equalTo(new byte[] {1, 1, 2, 2, 2, 3, 3}));
        assertThat(conversation.audioFrames(), hasSize(3));
        assertThat("held frames count as forwarded but their wait is not timed as bridge latency",
                metrics.events(), equalTo(List.of("call started", "caller frame caught up 2 B",
                        "caller frame caught up 3 B", "caller frame 2 B")));
    }

    @Test
    void givenAgentSpeech_whenReceived_thenCallerHearsSameBytesInOrder() throws Exception {
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();

        conversation.emit(new AgentEvent.Speech(new byte[] {10, 11}));
        conversation.emit(new AgentEvent.Speech(new byte[] {12}));

        assertThat(line.playedAudio(), equalTo(new byte[] {10, 11, 12}));
    }

    @Test
    void givenAgentSpeaking_whenCallerStartsSpeaking_thenPlaybackIsClearedAtOnce() throws Exception {
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();

        conversation.emit(new AgentEvent.Speech(new byte[] {10}));
        conversation.emit(new AgentEvent.CallerStartedSpeaking());

        assertThat(line.actions().get(1), instanceOf(Action.Cleared.class));
    }

    @Test
    void givenTwoToolCallsInOneRequest_whenRun_thenEachGetsItsOwnAnswer() throws Exception {
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(
                ToolCall.of("fc-1", "echo", ToolArguments.of("text", "one")),
                ToolCall.of("fc-2", "echo", ToolArguments.of("text", "two")))));

        var answers = List.of(conversation.awaitAnswer(), conversation.awaitAnswer());
        var byId = answers.stream()
                .sorted((a, b) -> a.call().id().compareTo(b.call().id()))
                .map(a -> a.result())
                .toList();
        assertThat(byId, contains(
                ToolResult.success("echo", "one", "caller", "+15551234567"),
                ToolResult.success("echo", "two", "caller", "+15551234567")));
    }

    @Test
    void givenBadToolArguments_whenRun_thenAgentGetsErrorAndCallGoesOn() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(
                new ToolCall("fc-1", "echo", "{oops", Optional.empty()))));

        var answer = conversation.awaitAnswer();
        assertThat(answer.result(), instanceOf(ToolResult.Failure.class));
        session.callerAudio(new byte[] {5});
        assertThat(conversation.awaitAudio(1), equalTo(new byte[] {5}));
        assertThat(line.hangUps(), equalTo(0));
    }

    @Test
    void givenSlowTool_whenRunning_thenCallerAudioKeepsFlowing() throws Exception {
        var release = new CountDownLatch(1);
        tools.add(slowTool(release));
        switchboard.close();
        switchboard = switchboard(Duration.ofSeconds(5));
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-1", "slow", ToolArguments.of()))));
        session.callerAudio(new byte[] {7});
        conversation.emit(new AgentEvent.Speech(new byte[] {8}));

        // awaitAudio: Ready may beat connect() handing the session over, and the frame then waits for it briefly.
        assertThat(conversation.awaitAudio(1), equalTo(new byte[] {7}));
        assertThat(line.playedAudio(), equalTo(new byte[] {8}));
        release.countDown();
        assertThat(conversation.awaitAnswer().call().id(), equalTo("fc-1"));
    }

    @Test
    void givenToolCallCancelledWhileRunning_whenItFinishes_thenNoAnswerIsSent() throws Exception {
        var release = new CountDownLatch(1);
        tools.add(slowTool(release));
        switchboard.close();
        switchboard = switchboard(Duration.ofSeconds(5));
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-9", "slow", ToolArguments.of()))));
        conversation.emit(new AgentEvent.ToolCallsCancelled(List.of("fc-9")));
        release.countDown();

        assertThat(conversation.pollAnswer(300), nullValue());
    }

    @Test
    void givenCallerHangsUp_whenEndedTwice_thenAgentClosedOnceAndLineHungUpOnce() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        session.ended(CallEndReason.CALLER_HUNG_UP);
        session.ended(CallEndReason.STREAM_CLOSED);

        assertThat(conversation.awaitClosed(), is(true));
        assertThat(conversation.closeCalls(), equalTo(1));
        assertThat(line.hangUps(), equalTo(1));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.CALLER_HUNG_UP)));
        assertThat(switchboard.activeCalls(), equalTo(0));
    }

    @Test
    void givenCallEnded_whenMoreAudioArrives_thenNothingReachesTheClosedAgent() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        session.ended(CallEndReason.CALLER_HUNG_UP);

        session.callerAudio(new byte[] {1});
        conversation.emit(new AgentEvent.Speech(new byte[] {2}));

        assertThat(conversation.audioFrames(), hasSize(0));
        assertThat(line.playedAudio(), equalTo(new byte[0]));
    }

    @Test
    void givenAgentError_whenReceived_thenCallEndsCleanly() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.Failed("INTERNAL_SERVER_ERROR", "boom"));

        assertThat(conversation.awaitClosed(), is(true));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_ERROR)));
        assertThat(((CallBridge) session).endReason(), equalTo(CallEndReason.AGENT_ERROR));
    }

    @Test
    void givenAgentDisconnects_whenReceived_thenCallEnds() throws Exception {
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.Disconnected("socket closed"));

        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_DISCONNECTED)));
    }

    @Test
    void givenAgentUnavailable_whenCallStarts_thenLineIsHungUp() throws Exception {
        agent.makeUnavailable();
        switchboard.answer(CALL, line);

        awaitHangUp();
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_UNAVAILABLE)));
        assertThat(switchboard.activeCalls(), equalTo(0));
    }

    @Test
    void givenAgentNeverReady_whenTimeoutPasses_thenCallEndsAsUnavailable() throws Exception {
        switchboard.close();
        switchboard = switchboard(Duration.ofMillis(100));
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();

        awaitHangUp();
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_UNAVAILABLE)));
        assertThat(conversation.isClosed(), is(true));
    }

    @Test
    void givenTranscript_whenReceived_thenCallGoesOn() throws Exception {
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();

        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "Do you have ibuprofen?")));
        conversation.emit(new AgentEvent.Warning("PROMPT_TOO_LONG", "truncated"));

        assertThat(line.hangUps(), equalTo(0));
        assertThat(switchboard.activeCalls(), equalTo(1));
    }

    @Test
    void givenCallerSaysTheirNameBeforeAnyToolKnowsIt_whenAClaimNamesThem_thenTheRecordedLinesHideIt()
            throws Exception {
        tools.add(new BusinessTool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.of("claim", "Claims to be Dana Whitfield.", new ToolParameter[0]);
            }

            @Override
            public ToolResult execute(ToolArguments arguments, ToolContext context) {
                context.caller().settle(IdentityClaim.of("Dana Whitfield", LocalDate.of(1970, 1, 2)), List.of());
                return ToolResult.success("outcome", "no_match");
            }
        });
        switchboard.close();
        switchboard = switchboard(Duration.ofSeconds(5));
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "I am Dana Whitfield.")));
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, "Thanks, Dana.")));
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-1", "claim",
                ToolArguments.of()))));
        conversation.awaitAnswer();
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "Whitfield, yes.")));
        session.ended(CallEndReason.CALLER_HUNG_UP);

        assertThat(records.entries().stream().filter(entry -> entry.startsWith("line ")).toList(), contains(
                "line CA01 CALLER: I am ••• •••.",
                "line CA01 AGENT: Thanks, •••.",
                "line CA01 CALLER: •••, yes."));
    }

    @Test
    void givenSameStreamTwice_whenAnswered_thenSecondIsRefused() throws Exception {
        switchboard.answer(CALL, line);
        var second = new RecordingCallerLine();

        switchboard.answer(CALL, second);

        assertThat(second.actions(), contains(new Action.HungUp(CallEndReason.PROTOCOL_ERROR)));
        assertThat(switchboard.activeCalls(), equalTo(1));
    }

    @Test
    void givenCallsInProgress_whenSwitchboardCloses_thenEveryCallEndsForShutdown() throws Exception {
        switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();

        switchboard.close();

        assertThat(conversation.awaitClosed(), is(true));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.SERVER_SHUTDOWN)));
    }

    private void awaitHangUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (line.hangUps() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(line.hangUps(), equalTo(1));
    }

    private static BusinessTool slowTool(CountDownLatch release) {
        return new BusinessTool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.of("slow", "Waits for the test.", new ToolParameter[0]);
            }

            @Override
            public ToolResult execute(ToolArguments arguments, ToolContext context) {
                try {
                    release.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ToolResult.success("done", true);
            }
        };
    }
}
