package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.fakes.RecordingCallMetrics;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;

/** The Deepgram agent with the cascaded one standing by: which takes each call, at its start and in its middle. */
class AgentFailoverTest {

    private static final AgentBriefing FIRST = new AgentBriefing("Be kind.", "Hello!", List.of(), List.of());

    private final ScriptedVoiceAgent primary = new ScriptedVoiceAgent();
    private final ScriptedVoiceAgent standby = new ScriptedVoiceAgent();
    private final RecordingCallMetrics metrics = new RecordingCallMetrics();
    private final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    private final AgentFailover failover = new AgentFailover(primary, standby, 2, Duration.ofMillis(200),
            Duration.ofMillis(500), metrics);

    private static CallContext call(int n) {
        return new CallContext("CA" + n, "MZ" + n, "+1555000000" + n, "");
    }

    @Test
    void callsGoToThePrimaryWhileItWorksAndItsEventsPassUnchanged() throws Exception {
        failover.connect(call(1), FIRST, events::add);
        var conversation = primary.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.Speech(new byte[] {1, 2}));

        assertThat(standby.pollConversation(50), nullValue());
        assertThat(events.get(0), equalTo(new AgentEvent.Ready()));
        assertThat(((AgentEvent.Speech) events.get(1)).audio(), equalTo(new byte[] {1, 2}));
        assertThat(metrics.events().contains("failed over at start"), is(false));
    }

    @Test
    void aPrimaryThatCannotBeReachedSendsTheCallToTheStandbyWithTheSameBriefing() throws Exception {
        primary.makeUnavailable();
        failover.connect(call(1), FIRST, events::add);

        var conversation = standby.awaitConversation();
        assertThat(conversation.briefing(), equalTo(FIRST));
        assertThat(metrics.events(), contains("failed over at start"));
    }

    @Test
    void aPrimaryThatFailsMidCallIsALostLinkAndTheReconnectLandsOnTheStandbyWithTheConversation()
            throws Exception {
        failover.connect(call(1), FIRST, events::add);
        var first = primary.awaitConversation();
        first.emit(new AgentEvent.Ready());
        first.emit(new AgentEvent.Failed("INTERNAL_SERVER_ERROR", "boom"));

        assertThat(events.get(events.size() - 1),
                equalTo(new AgentEvent.Disconnected("primary agent error INTERNAL_SERVER_ERROR")));
        var resumed = new AgentBriefing("Be kind.", "", List.of(),
                List.of(new ConversationLine(Speaker.CALLER, "I need a refill.")));
        failover.connect(call(1), resumed, events::add);

        assertThat(standby.awaitConversation().briefing(), equalTo(resumed));
        assertThat(primary.pollConversation(50), nullValue());
        assertThat(metrics.events(), contains("failed over mid-call"));
    }

    @Test
    void aDroppedPrimaryIsTriedAgainFirstAndTheStandbyTakesOverOnlyWhenItCannotBeReached() throws Exception {
        failover.connect(call(1), FIRST, events::add);
        primary.awaitConversation().emit(new AgentEvent.Ready());
        failover.connect(call(1), FIRST, events::add);
        primary.awaitConversation();
        assertThat(standby.pollConversation(50), nullValue());

        primary.makeUnavailable();
        failover.connect(call(1), FIRST, events::add);
        standby.awaitConversation();
        assertThat(metrics.events(), contains("failed over mid-call"));
    }

    @Test
    void aPrimaryNeverReadyWhenTheBridgeAsksAgainCountsAsLostForThatCall() throws Exception {
        failover.connect(call(1), FIRST, events::add);
        primary.awaitConversation();
        failover.connect(call(1), FIRST, events::add);

        standby.awaitConversation();
        assertThat(primary.pollConversation(50), nullValue());
    }

    @Test
    void aPrimaryNotReadyWithinThePatienceIsSwappedForTheStandbyInTheSameSession() throws Exception {
        AgentSession session = failover.connect(call(1), FIRST, events::add);
        var slow = primary.awaitConversation();

        var standbyConversation = standby.awaitConversation();
        assertThat(standbyConversation.briefing(), equalTo(FIRST));
        assertThat(slow.awaitClosed(), is(true));
        standbyConversation.emit(new AgentEvent.Ready());
        slow.emit(new AgentEvent.Ready());
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // Ready reaches the bridge only once the session leads to the standby, so its audio can't reach the primary.
        session.sendAudio(new byte[] {7});

        assertThat("the slow primary's late Ready is not passed on", events, contains(new AgentEvent.Ready()));
        assertThat(standbyConversation.receivedAudio(), equalTo(new byte[] {7}));
        assertThat(metrics.events(), contains("failed over at start"));
        session.close();
        assertThat(standbyConversation.awaitClosed(), is(true));
    }

    @Test
    void afterFailuresInARowThePrimaryRestsUntilAProbeFindsItWorking() throws Exception {
        primary.makeUnavailable();
        failover.connect(call(1), FIRST, events::add);
        failover.connect(call(2), FIRST, events::add);
        assertThat(failover.primaryResting(), is(true));

        primary.makeAvailable();
        failover.connect(call(3), FIRST, events::add);
        assertThat("a resting primary gets no caller", standby.pollConversation(500).call(), equalTo(call(1)));
        standby.awaitConversation();
        assertThat(standby.awaitConversation().call(), equalTo(call(3)));

        Thread.sleep(250);
        failover.connect(call(4), FIRST, events::add);
        var probe = primary.awaitConversation();
        assertThat(probe.call().callSid().startsWith("failover-probe-"), is(true));
        assertThat(probe.briefing().greeting(), equalTo(""));
        probe.emit(new AgentEvent.Ready());
        assertThat(probe.awaitClosed(), is(true));
        assertThat(failover.primaryResting(), is(false));

        failover.connect(call(5), FIRST, events::add);
        assertThat(primary.awaitConversation().call(), equalTo(call(5)));
    }

    @Test
    void itIsSetUpWhenEitherAgentIs() {
        VoiceAgent noKey = new VoiceAgent() {
            @Override
            public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<String> notSetUpBecause() {
                return Optional.of("no key");
            }
        };
        assertThat(new AgentFailover(noKey, standby, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), metrics)
                .notSetUpBecause(), equalTo(Optional.empty()));
        assertThat(new AgentFailover(noKey, noKey, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), metrics)
                .notSetUpBecause(), equalTo(Optional.of("no key; and the standby: no key")));
    }
}
