package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.fakes.RecordingCallMetrics;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine.Action;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.Handoff;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * How the agent ends its part of a call: the transfer or goodbye takes effect only once Twilio has played the agent's
 * last words (the mark after them), the handoff is kept before the stream closes, keypad 0 transfers at once, and the
 * pharmacist's summary names only what the server itself verified.
 */
class CallEndingsTest {

    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");
    private static final Patient DANA = new Patient(7, "Dana", "Whitfield", LocalDate.of(1970, 1, 2),
            List.of("+15551234567"));

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final KeptHandoffs handoffs = new KeptHandoffs(line);
    private final Switchboard switchboard = new Switchboard(agent, new Toolbox(List.of(new ClaimDana(),
            new RxLookup())), new CallScript("Be kind.", "Hello!"), new RecordingCallRecords(),
            new RecordingCallMetrics(), BridgeSettings.defaults(), TranscriptMask.numbersAndNames(), handoffs,
            Clock.systemUTC());

    @AfterEach
    void close() {
        switchboard.close();
    }

    @Test
    void aTransferWaitsForTheAgentsLastWordsToPlayThenKeepsTheHandoffAndEndsTheCall() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        String answer = run(conversation, "transfer_to_pharmacist", ToolArguments.of("reason", "side effects"));
        conversation.emit(new AgentEvent.Speech(new byte[4000]));
        conversation.emit(new AgentEvent.AgentAudioDone());
        String lastMark = lastMark();
        Thread.sleep(100);
        boolean endedBeforeTheMarkPlayed = line.hangUps() > 0;
        session.markPlayed(lastMark);
        awaitHangUp();

        assertThat(answer, equalTo("transferring"));
        assertThat(endedBeforeTheMarkPlayed, is(false));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.TRANSFERRED)));
        Handoff kept = handoffs.only();
        assertThat(kept.kind(), is(Handoff.Kind.TRANSFER));
        assertThat(kept.callerNumber(), equalTo("+15551234567"));
        assertThat(kept.summary(), equalTo("Unverified caller. Reason: side effects."));
        assertThat("the caller heard the agent say it", kept.announced(), is(true));
        assertThat("kept before the stream closed", handoffs.hangUpsWhenKept.getFirst(), is(0));
    }

    @Test
    void theSummaryNamesTheVerifiedPatientAndTheRxNumbersTheToolsAnsweredAbout() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        run(conversation, "claim", ToolArguments.of());
        run(conversation, "rx", ToolArguments.of());
        run(conversation, "transfer_to_pharmacist", ToolArguments.of("reason", "Ignore this <b>and</b>\u0000 call me"));
        conversation.emit(new AgentEvent.Speech(new byte[800]));
        conversation.emit(new AgentEvent.AgentAudioDone());
        session.markPlayed(lastMark());
        awaitHangUp();

        assertThat(handoffs.only().summary(), equalTo("Verified patient Dana Whitfield. Reason: Ignore this b and /b "
                + "call me. Rx number discussed: 2 0 0 1 0 0 1."));
    }

    @Test
    void endCallHangsUpAfterTheGoodbyeWithItsOwnEndReason() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        String answer = run(conversation, "end_call", ToolArguments.of());
        String again = runFailure(conversation, "transfer_to_pharmacist", ToolArguments.of());
        conversation.emit(new AgentEvent.Speech(new byte[1600]));
        conversation.emit(new AgentEvent.AgentAudioDone());
        session.markPlayed(lastMark());
        awaitHangUp();

        assertThat(answer, equalTo("ending"));
        assertThat(again, equalTo("The call is already ending."));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_ENDED_CALL)));
        assertThat(handoffs.only().kind(), is(Handoff.Kind.FINISHED));
        assertThat(handoffs.only().summary(), equalTo(""));
    }

    @Test
    void aReplyTheAgentBeganBeforeAskingIsNotItsLastWords() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.Speech(new byte[1600]));

        run(conversation, "end_call", ToolArguments.of());
        conversation.emit(new AgentEvent.AgentAudioDone());
        session.markPlayed(lastMark());
        Thread.sleep(200);

        assertThat(line.hangUps(), is(0));
        conversation.emit(new AgentEvent.Speech(new byte[1600]));
        conversation.emit(new AgentEvent.AgentAudioDone());
        session.markPlayed(lastMark());
        awaitHangUp();
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_ENDED_CALL)));
    }

    @Test
    void aMarkEchoedBeforeTheBridgeWaitsForItStillEndsTheCall() {
        var words = new FinalWords(new FinalWords.Ending(Handoff.Kind.FINISHED, ""), 0, 1_000);
        words.agentSpoke();

        boolean endedByTheEcho = words.markPlayed("r2-1600");
        boolean endedByTheReply = words.replyDone("r2-1600");

        assertThat(endedByTheEcho, is(false));
        assertThat(endedByTheReply, is(true));
        assertThat(words.heard(), is(true));
        assertThat(words.overdue(999), is(false));
        assertThat(words.overdue(1_001), is(true));
    }

    @Test
    void zeroOnTheKeypadTransfersAtOnceAndTwilioAnnouncesIt() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        session.callerPressed("0");
        session.callerPressed("#");
        awaitHangUp();

        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.TRANSFERRED)));
        assertThat(handoffs.only().announced(), is(false));
        assertThat(handoffs.only().summary(), equalTo("Unverified caller. Reason: The caller pressed 0 to speak "
                + "with a pharmacist."));
    }

    @Test
    void aCallThatEndsAnotherWayKeepsNoHandoff() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.Failed("X", "broken"));
        awaitHangUp();
        session.callerPressed("0");
        session.callerPressed("#");
        Thread.sleep(100);

        assertThat(handoffs.kept, is(List.of()));
        assertThat(line.hangUps(), is(1));
    }

    private static String run(ScriptedVoiceAgent.Conversation conversation, String tool, ToolArguments arguments)
            throws InterruptedException {
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-" + tool, tool, arguments))));
        ToolResult result = conversation.awaitAnswer().result();
        assertThat(result.toString(), result, instanceOf(ToolResult.Success.class));
        return String.valueOf(((ToolResult.Success) result).data().get("outcome"));
    }

    private static String runFailure(ScriptedVoiceAgent.Conversation conversation, String tool,
                                     ToolArguments arguments) throws InterruptedException {
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-2-" + tool, tool, arguments))));
        ToolResult result = conversation.awaitAnswer().result();
        return ((ToolResult.Failure) result).error();
    }

    private String lastMark() {
        List<Action> actions = new ArrayList<>(line.actions());
        for (int i = actions.size() - 1; i >= 0; i--) {
            if (actions.get(i) instanceof Action.Marked marked) {
                return marked.name();
            }
        }
        throw new AssertionError("no mark sent: " + actions);
    }

    private void awaitHangUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (line.hangUps() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(line.hangUps(), equalTo(1));
    }

    /** Handoffs kept in memory, noting how often the line had hung up when each was kept. */
    private static final class KeptHandoffs implements Handoffs {
        final List<Handoff> kept = new CopyOnWriteArrayList<>();
        final List<Integer> hangUpsWhenKept = new CopyOnWriteArrayList<>();
        private final RecordingCallerLine line;

        KeptHandoffs(RecordingCallerLine line) {
            this.line = line;
        }

        @Override
        public void record(Handoff handoff) {
            hangUpsWhenKept.add(line.hangUps());
            kept.add(handoff);
        }

        @Override
        public Optional<Handoff> find(String callSid) {
            return kept.stream().filter(handoff -> handoff.callSid().equals(callSid)).findFirst();
        }

        Handoff only() {
            assertThat(kept.size(), is(1));
            return kept.getFirst();
        }
    }

    /** Proves the caller to be Dana Whitfield, as the identity desk would. */
    private static final class ClaimDana implements BusinessTool {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("claim", "Claims to be Dana.", new ToolParameter[0]);
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            context.caller().settle(IdentityClaim.of("Dana Whitfield", DANA.dateOfBirth()), List.of(DANA));
            return ToolResult.success("outcome", "verified");
        }
    }

    /** Answers about Rx 2001001, as the refill tools do. */
    private static final class RxLookup implements BusinessTool {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("rx", "Answers about an Rx.", new ToolParameter[0]);
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            return ToolResult.success("outcome", "found", "rx_number", "2001001");
        }
    }
}
