package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallPurposes;
import org.pharmacyvoice.domain.fakes.RecordingCallMetrics;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallTraces;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
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

/** The call's trace: its spans open and close in order, and carry ids, tool names and outcomes, never patient data. */
class CallTracesTest {

    private static final CallContext CALL = new CallContext("CA77", "MZ77", "+15551234567", "+15550000000");
    /** Everything the caller and the tools say on the call below that a trace must never carry. */
    private static final List<String> PATIENT_DATA = List.of("maria", "lopez", "1961", "03-03", "rx-1234",
            "lisinopril", "5551234567", "refill my");

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final RecordingCallTraces traces = new RecordingCallTraces();
    private final Switchboard switchboard = new Switchboard(agent,
            new Toolbox(List.of(new VerifyCaller(), new RequestRefill())), new CallScript("Be kind.", "Hello!"),
            new RecordingCallRecords(), new RecordingCallMetrics(),
            BridgeSettings.defaults().withReconnects(0, Duration.ofMillis(10)), TranscriptMask.numbersAndNames(),
            Handoffs.none(), CallPurposes.none(), traces, Clock.systemUTC());

    @AfterEach
    void closeSwitchboard() {
        switchboard.close();
    }

    @Test
    void aCallerWhoVerifiesAndAsksForARefill_isTracedTurnByTurnAndToolByTool_withoutPatientData() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        // The greeting: the agent takes the word of its own accord.
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, "Hello!")));
        conversation.emit(new AgentEvent.Speech(new byte[] {1, 2}));
        conversation.emit(new AgentEvent.AgentAudioDone());
        // The caller says who they are; the agent verifies them and answers.
        conversation.emit(new AgentEvent.CallerStartedSpeaking());
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER,
                "I'm Maria Lopez, born March 3rd 1961")));
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-1", "verify_caller",
                ToolArguments.of("name", "Maria Lopez", "date_of_birth", "1961-03-03")))));
        conversation.awaitAnswer();
        conversation.emit(new AgentEvent.AgentStartedSpeaking());
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, "Thank you, Maria.")));
        conversation.emit(new AgentEvent.AgentAudioDone());
        // A refill, then a tool the agent made up with the patient's name in it; the caller talks over the reply.
        conversation.emit(new AgentEvent.CallerStartedSpeaking());
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER,
                "Please refill my lisinopril, RX-1234")));
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-2", "request_refill",
                ToolArguments.of("rx_number", "RX-1234")))));
        conversation.awaitAnswer();
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(ToolCall.of("fc-3", "lookup_maria_lopez_1961",
                ToolArguments.of("rx_number", "RX-1234")))));
        assertThat(conversation.awaitAnswer().result(), instanceOf(ToolResult.Failure.class));
        conversation.emit(new AgentEvent.AgentStartedSpeaking());
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT,
                "Your lisinopril refill is requested.")));
        conversation.emit(new AgentEvent.CallerStartedSpeaking());
        session.ended(CallEndReason.CALLER_HUNG_UP);

        assertThat(traces.events(), equalTo(List.of(
                "call started CA77 MZ77",
                "turn started CA77",
                "turn ended CA77 ANSWERED",
                "turn started CA77",
                "tool started CA77 verify_caller",
                "tool ended CA77 verify_caller SUCCEEDED",
                "turn ended CA77 ANSWERED",
                "turn started CA77",
                "tool started CA77 request_refill",
                "tool ended CA77 request_refill SUCCEEDED",
                "tool started CA77 unknown",
                "tool ended CA77 unknown FAILED",
                "turn ended CA77 INTERRUPTED",
                "call ended CA77 CALLER_HUNG_UP")));
        assertThat(traces.events().stream().filter(event -> PATIENT_DATA.stream()
                .anyMatch(event.toLowerCase(Locale.ROOT)::contains)).toList(), empty());
    }

    @Test
    void aCallEndingInTheMiddleOfATurn_endsTheTurnFirst_andNothingOpensAfterwards() throws Exception {
        CallSession session = switchboard.answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "Are you open today?")));
        // The caller speaks again before the agent replied: the open turn gave way to a new one.
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "Hello?")));
        conversation.emit(new AgentEvent.AgentStartedSpeaking());
        session.ended(CallEndReason.STREAM_CLOSED);
        session.ended(CallEndReason.CALLER_HUNG_UP);
        conversation.emit(new AgentEvent.AgentStartedSpeaking());

        assertThat(traces.events(), equalTo(List.of(
                "call started CA77 MZ77",
                "turn started CA77",
                "turn ended CA77 INTERRUPTED",
                "turn started CA77",
                "turn ended CA77 CALL_ENDED",
                "call ended CA77 STREAM_CLOSED")));
    }

    @Test
    void aCallTurnedAway_isNotTraced() {
        try (var closed = new Switchboard(agent, new Toolbox(List.of()), new CallScript("", ""),
                new RecordingCallRecords(), new RecordingCallMetrics(), BridgeSettings.defaults()
                        .withAgentStartTimeout(Duration.ofSeconds(5)), TranscriptMask.numbersAndNames(),
                Handoffs.none(), CallPurposes.none(), traces, Clock.systemUTC())) {
            closed.drain(Duration.ZERO);
            closed.answer(CALL, line);
        }

        assertThat(traces.events(), empty());
    }

    /** Stands in for the pharmacy's verify_caller: takes a name and a date of birth, answers with the name. */
    private static final class VerifyCaller implements BusinessTool {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("verify_caller", "Checks who the caller is.", ToolParameter.text("name", "full name"),
                    ToolParameter.text("date_of_birth", "YYYY-MM-DD"));
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            return ToolResult.success("verified", true, "first_name", "Maria");
        }
    }

    /** Stands in for the pharmacy's request_refill: answers with the drug. */
    private static final class RequestRefill implements BusinessTool {
        @Override
        public ToolSpec spec() {
            return ToolSpec.of("request_refill", "Requests a refill.", ToolParameter.text("rx_number", "Rx number"));
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            return ToolResult.success("rx_number", arguments.text("rx_number"), "drug", "Lisinopril 10 mg");
        }
    }
}
