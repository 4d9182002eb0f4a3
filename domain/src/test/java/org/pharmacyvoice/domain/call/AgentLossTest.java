package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
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
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * Losing the voice agent: each loss costs one reconnect and opens one new connection, however it is noticed; no
 * caller waits longer than the start timeout for an agent; and after calls in a row get none, new calls go straight
 * to the fallback until a probe reaches the agent again.
 */
class AgentLossTest {

    private static final Duration START = Duration.ofMillis(300);

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final RecordingCallMetrics metrics = new RecordingCallMetrics();
    private Switchboard switchboard;

    private Switchboard switchboard(BridgeSettings settings) {
        switchboard = new Switchboard(agent, new Toolbox(List.of(new EchoTool("echo"))),
                new CallScript("Be kind.", "Hello!"), new RecordingCallRecords(), metrics, settings,
                Clock.systemUTC());
        return switchboard;
    }

    private static BridgeSettings settings() {
        return BridgeSettings.defaults().withReconnects(3, Duration.ofMillis(5)).withAgentStartTimeout(START);
    }

    private static CallContext call(int n) {
        return new CallContext("CA0" + n, "MZ0" + n, "+1555123456" + n, "");
    }

    @AfterEach
    void close() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void givenThreeReconnects_whenTheAgentIsLostThreeTimesInTwoWays_thenEachLossOpensOneConnectionAndTheCallGoesOn()
            throws Exception {
        CallSession session = switchboard(settings()).answer(call(1), line);
        var connection = agent.awaitConversation();
        connection.emit(new AgentEvent.Ready());

        for (int loss = 1; loss <= 3; loss++) {
            if (loss % 2 == 1) {
                // Noticed by a failing send, which the adapter also reports as a loss on the sending thread.
                connection.breakOnNextSend("connection reset");
                session.callerAudio(new byte[] {(byte) loss});
            } else {
                // Noticed by the agent's side: a close frame, or the reader finding the socket dead.
                connection.emit(new AgentEvent.Disconnected("closed by Deepgram (1011)"));
            }
            var next = agent.awaitConversation();
            assertThat("one new connection for loss " + loss, agent.pollConversation(200), nullValue());
            next.emit(new AgentEvent.Ready());
            connection = next;
        }
        session.callerAudio(new byte[] {9});

        assertThat(line.hangUps(), equalTo(0));
        // The frame whose send failed (the third loss's) went to the next connection, ahead of what followed.
        assertThat(connection.awaitAudio(2), equalTo(new byte[] {3, 9}));
        assertThat(metrics.events().stream().filter("agent reconnected"::equals).count(), equalTo(3L));
    }

    @Test
    void givenThreeReconnectsSpent_whenTheAgentIsLostAFourthTime_thenTheCallGoesToTheFallback() throws Exception {
        CallSession session = switchboard(settings()).answer(call(1), line);
        var connection = agent.awaitConversation();
        connection.emit(new AgentEvent.Ready());
        for (int loss = 1; loss <= 3; loss++) {
            connection.breakOnNextSend("connection reset");
            session.callerAudio(new byte[] {1});
            connection = agent.awaitConversation();
            connection.emit(new AgentEvent.Ready());
        }

        connection.breakOnNextSend("connection reset");
        session.callerAudio(new byte[] {1});

        awaitThat(() -> line.hangUps() == 1);
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_DISCONNECTED)));
        assertThat(agent.pollConversation(100), nullValue());
    }

    @Test
    void givenAnAgentThatConnectsButIsNeverReady_whenTheStartTimeoutPasses_thenTheCallerGoesToTheFallback()
            throws Exception {
        long started = System.nanoTime();
        switchboard(settings()).answer(call(1), line);
        agent.awaitConversation();

        awaitThat(() -> line.hangUps() == 1);
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_UNAVAILABLE)));
        assertThat(waited, greaterThanOrEqualTo(START.toMillis()));
        assertThat(waited, lessThan(START.toMillis() + 500));
    }

    @Test
    void givenTheAgentLostMidCall_whenNoNewConnectionGetsReady_thenTheCallGoesToTheFallbackAfterItsOwnWindow()
            throws Exception {
        switchboard(settings()).answer(call(1), line);
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());
        Thread.sleep(START.toMillis() + 200);
        assertThat("ready in time: no deadline while the agent is there", line.hangUps(), equalTo(0));

        long lost = System.nanoTime();
        first.emit(new AgentEvent.Disconnected("gone"));
        agent.awaitConversation();

        awaitThat(() -> line.hangUps() == 1);
        long waited = Duration.ofNanos(System.nanoTime() - lost).toMillis();
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_DISCONNECTED)));
        assertThat(waited, greaterThanOrEqualTo(START.toMillis()));
        assertThat(waited, lessThan(START.toMillis() + 500));
    }

    @Test
    void givenCallsInARowGetNoAgent_whenTheThresholdIsReached_thenNewCallsGoStraightToTheFallbackUntilAProbeWorks()
            throws Exception {
        switchboard(settings().withReconnects(0, Duration.ofMillis(5)).withCircuit(2, Duration.ofMillis(200)));
        agent.makeUnavailable();
        assertThat(switchboard.admitNewCall(), is(Admission.OPEN));
        for (int n = 1; n <= 2; n++) {
            var refused = new RecordingCallerLine();
            switchboard.answer(call(n), refused);
            awaitThat(() -> refused.hangUps() == 1);
            assertThat(refused.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_UNAVAILABLE)));
        }

        assertThat(switchboard.admitNewCall(), is(Admission.AGENT_DOWN));
        assertThat(switchboard.agentCircuit().open(), is(true));
        assertThat(switchboard.agentCircuit().callsWithoutAgentInARow(), equalTo(2));
        var skipped = new RecordingCallerLine();
        switchboard.answer(call(3), skipped);
        assertThat("a stream arriving anyway is handed to the fallback at once", skipped.actions(),
                contains(new Action.HungUp(CallEndReason.AGENT_UNAVAILABLE)));
        assertThat(metrics.events(), hasItem("agent circuit open"));
        assertThat(metrics.events(), hasItem("call turned away AGENT_DOWN"));

        agent.makeAvailable();
        var probe = agent.awaitConversation();
        assertThat("nobody hears a probe", probe.briefing().greeting(), equalTo(""));
        assertThat(probe.call().callerNumber(), equalTo(""));
        probe.emit(new AgentEvent.Ready());

        awaitThat(() -> switchboard.admitNewCall() == Admission.OPEN);
        assertThat(probe.awaitClosed(), is(true));
        assertThat(metrics.events(), hasItem("agent circuit closed"));
        assertThat(switchboard.agentCircuit().callsWithoutAgentInARow(), equalTo(0));
    }

    @Test
    void givenACallThatGotTheAgent_whenCallsBeforeAndAfterGetNone_thenTheCountStartsOver() throws Exception {
        switchboard(settings().withReconnects(0, Duration.ofMillis(5)).withCircuit(2, Duration.ofSeconds(60)));
        agent.makeUnavailable();
        var first = new RecordingCallerLine();
        switchboard.answer(call(1), first);
        awaitThat(() -> first.hangUps() == 1);

        agent.makeAvailable();
        var second = new RecordingCallerLine();
        CallSession served = switchboard.answer(call(2), second);
        agent.awaitConversation().emit(new AgentEvent.Ready());
        served.ended(CallEndReason.CALLER_HUNG_UP);

        agent.makeUnavailable();
        var third = new RecordingCallerLine();
        switchboard.answer(call(3), third);
        awaitThat(() -> third.hangUps() == 1);

        assertThat(switchboard.agentCircuit().callsWithoutAgentInARow(), equalTo(1));
        assertThat(switchboard.admitNewCall(), is(Admission.OPEN));
        assertThat(metrics.events(), not(hasItem("agent circuit open")));
    }

    @Test
    void givenACallerWhoHangsUpBeforeTheAgentIsReady_thenThatSaysNothingAboutTheAgent() throws Exception {
        switchboard(settings().withCircuit(1, Duration.ofSeconds(60)));
        CallSession session = switchboard.answer(call(1), line);
        agent.awaitConversation();

        session.ended(CallEndReason.CALLER_HUNG_UP);

        assertThat(switchboard.admitNewCall(), is(Admission.OPEN));
        assertThat(switchboard.agentCircuit().callsWithoutAgentInARow(), equalTo(0));
    }

    private static void awaitThat(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 3 s");
            }
            Thread.sleep(5);
        }
    }
}
