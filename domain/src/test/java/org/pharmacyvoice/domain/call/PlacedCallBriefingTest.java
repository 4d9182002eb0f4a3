package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.call.port.out.CallPurposes;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.Errand;
import org.pharmacyvoice.domain.tool.Toolbox;

/** A call the pharmacy placed is briefed for its errand, and 9 on its own lists the number at once. */
class PlacedCallBriefingTest {

    private static final CallContext PLACED = new CallContext("CA-out", "MZ01", "+15550000000", "+15551234567");
    private static final CallContext CAME_IN = new CallContext("CA-in", "MZ02", "+15551234567", "+15550000000");

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final List<String> listed = new CopyOnWriteArrayList<>();
    private final CallPurposes purposes = new CallPurposes() {
        @Override
        public Optional<Errand> errandOf(String callSid) {
            return callSid.equals("CA-out")
                    ? Optional.of(new Errand("Hello, this is Maple Pharmacy calling for Ruth.", "You are calling Ruth.",
                            Optional.of(1L)))
                    : Optional.empty();
        }

        @Override
        public boolean pressedForNoMoreCalls(String callSid) {
            listed.add(callSid);
            return true;
        }
    };
    private final Switchboard switchboard = new Switchboard(agent, new Toolbox(List.of()),
            new CallScript("Be kind.", "Thanks for calling!"), new RecordingCallRecords(), CallMetrics.none(),
            BridgeSettings.defaults(), TranscriptMask.numbersAndNames(), Handoffs.none(), purposes,
            Clock.systemUTC());

    @AfterEach
    void close() {
        switchboard.close();
    }

    @Test
    void thePharmacysOwnCallIsGreetedForItsErrandAndThePromptKeepsThePharmacysRules() throws Exception {
        switchboard.answer(PLACED, new RecordingCallerLine());
        AgentBriefing briefing = agent.awaitConversation().briefing();

        assertThat(briefing.greeting(), equalTo("Hello, this is Maple Pharmacy calling for Ruth."));
        assertThat(briefing.prompt(), equalTo("Be kind.\n\nYou are calling Ruth."));
    }

    @Test
    void aCallThatCameInIsGreetedAsUsual() throws Exception {
        switchboard.answer(CAME_IN, new RecordingCallerLine());
        assertThat(agent.awaitConversation().briefing().greeting(), equalTo("Thanks for calling!"));
    }

    @Test
    void nineOnItsOwnListsTheNumberAndThenTheAgentHearsItWasDone() throws Exception {
        CallSession session = switchboard.answer(PLACED, new RecordingCallerLine());
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        session.callerPressed("9");
        session.callerPressed("#");

        assertThat(conversation.awaitCallerText(), containsString("put my number on the opt-out list"));
        assertThat(listed, hasItem("CA-out"));
    }
}
