package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramListen;
import org.pharmacyvoice.it.fakes.FakeDeepgramSpeak;
import org.pharmacyvoice.it.fakes.FakeLanguageModel;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/**
 * VOICE_AGENT=failover through the real server: the Deepgram Voice Agent takes calls while it works; when it can't be
 * reached a call starts on the cascaded agent, and when it fails in the middle of a call the call goes on, on the
 * cascaded agent, with the conversation so far replayed to the language model.
 */
class AgentFailoverEndToEndTest {

    private static final Duration WAIT = CascadedAgentEndToEndTest.WAIT;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path deadAgentDataDir;
    static FakeDeepgramListen listen;
    static FakeDeepgramSpeak speak;
    static FakeLanguageModel model;
    /** A server whose Deepgram agent works, until a test breaks it. */
    static RunningPharmacy pharmacy;
    /** A server whose Deepgram agent address answers nothing. */
    static RunningPharmacy deadAgent;

    private final List<FakeTwilioCaller> callers = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        listen = FakeDeepgramListen.start();
        speak = FakeDeepgramSpeak.start();
        model = FakeLanguageModel.start();
        var settings = new HashMap<>(CascadedAgentEndToEndTest.cascaded(listen, speak, model, "failover"));
        // A Deepgram agent gets 3 s to be ready (a first call on a busy machine may need 2) before the cascaded one
        // takes the call, within the bridge's 8 s.
        settings.put("deepgram.connect.timeout", "3");
        pharmacy = RunningPharmacy.start(dataDir, settings);
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        settings.put("deepgram.agent.url", "ws://127.0.0.1:" + closedPort + "/v1/agent/converse");
        deadAgent = RunningPharmacy.start(deadAgentDataDir, settings);
    }

    @AfterAll
    static void stop() {
        pharmacy.close();
        deadAgent.close();
        listen.close();
        speak.close();
        model.close();
    }

    @AfterEach
    void hangUp() {
        callers.forEach(FakeTwilioCaller::close);
        for (FakeTwilioCaller caller : callers) {
            assertThat("Twilio rules broken by the server", caller.protocolViolations(), empty());
        }
        assertThat("what the real model API would refuse", model.mistakes(), empty());
        pharmacy.agent.holdSettingsApplied(false);
        assertThat("replies scripted and never asked for", model.forgetUnusedReplies(), equalTo(0));
    }

    private FakeTwilioCaller caller(RunningPharmacy server) {
        var caller = FakeTwilioCaller.connect(server.streamUrl());
        callers.add(caller);
        caller.startCall(Map.of("From", "+15551230000", "To", "+15550001111"));
        return caller;
    }

    /** The Deepgram agent is ready for the call once the bridge forwards the caller's audio to it. */
    private static AgentConnection ready(FakeTwilioCaller caller, AgentConnection deepgram) {
        deepgram.settings();
        caller.sendMedia(new byte[160]);
        deepgram.awaitAudio(160, WAIT);
        return deepgram;
    }

    @Test
    void aDeadDeepgramAgentSendsTheCallToTheCascadedAgentAtItsStart() throws Exception {
        PrometheusScrape before = PrometheusScrape.of(deadAgent.http("/observe/metrics"));
        int voices = speak.connectionCount();
        FakeTwilioCaller caller = caller(deadAgent);
        var voice = CascadedAgentEndToEndTest.after(speak::connections, voices);
        RunningPharmacy.awaitThat(() -> voice.spokenTexts().contains(RunningPharmacy.GREETING), WAIT);
        model.replyText("We are open around the clock.");

        CascadedAgentEndToEndTest.say(caller, "When are you open?");

        RunningPharmacy.awaitThat(() -> CascadedAgentEndToEndTest.heard(caller, speak,
                "We are open around the clock."), WAIT);
        PrometheusScrape after = PrometheusScrape.of(deadAgent.http("/observe/metrics"));
        assertThat(after.since(before, "pharmacy_agent_failovers_total", "when", "call_start"), equalTo(1.0));
        caller.sendStop();
        assertThat(deadAgent.endedCall(caller.callSid(), WAIT).getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void aDeepgramAgentThatFailsMidCallHandsTheConversationToTheCascadedAgent() throws Exception {
        PrometheusScrape before = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
        int voices = speak.connectionCount();
        FakeTwilioCaller caller = caller(pharmacy);
        AgentConnection deepgram = ready(caller, pharmacy.agent.awaitConnection(WAIT));
        deepgram.sendConversationText("assistant", RunningPharmacy.GREETING);
        deepgram.sendConversationText("user", "I need my refill status.");
        deepgram.sendConversationText("assistant", "Sure, which prescription?");
        int before2 = model.requests().size();
        model.replyText("Let me look at that for you.");

        deepgram.sendError("INTERNAL_SERVER_ERROR", "the agent broke");
        var voice = CascadedAgentEndToEndTest.after(speak::connections, voices);
        Thread.sleep(300);
        CascadedAgentEndToEndTest.say(caller, "The lisinopril one.");

        var request = model.awaitRequest(before2 + 1, WAIT);
        assertThat(request.roles(), contains("system", "assistant", "user", "assistant", "user"));
        assertThat(request.messages().stream().skip(1).map(m -> m.getString("content")).toList(), contains(
                RunningPharmacy.GREETING, "I need my refill status.", "Sure, which prescription?",
                "The lisinopril one."));
        RunningPharmacy.awaitThat(() -> CascadedAgentEndToEndTest.heard(caller, speak,
                "Let me look at that for you."), WAIT);
        assertThat("no greeting on the standby: the conversation goes on", voice.spokenTexts(),
                contains("Let me look at that for you."));
        PrometheusScrape after = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
        assertThat(after.since(before, "pharmacy_agent_failovers_total", "when", "mid_call"), equalTo(1.0));
        caller.sendStop();
        assertThat(pharmacy.endedCall(caller.callSid(), WAIT).getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void aDeepgramLinkLostForGoodMidCallContinuesOnTheCascadedAgent() throws Exception {
        int voices = speak.connectionCount();
        FakeTwilioCaller caller = caller(pharmacy);
        AgentConnection deepgram = ready(caller, pharmacy.agent.awaitConnection(WAIT));
        deepgram.sendConversationText("assistant", RunningPharmacy.GREETING);
        int before = model.requests().size();
        model.replyText("I'm still here.");

        // The next Deepgram connection never gets ready: after its patience the call is swapped to the cascaded agent.
        pharmacy.agent.holdSettingsApplied(true);
        deepgram.close();
        pharmacy.agent.awaitConnection(WAIT);
        var voice = CascadedAgentEndToEndTest.after(speak::connections, voices);
        Thread.sleep(300);
        CascadedAgentEndToEndTest.say(caller, "Hello?");

        var request = model.awaitRequest(before + 1, WAIT);
        assertThat(request.messages().stream().skip(1).map(m -> m.getString("content")).toList(),
                contains(RunningPharmacy.GREETING, "Hello?"));
        RunningPharmacy.awaitThat(() -> voice.spokenTexts().contains("I'm still here."), WAIT);
        caller.sendStop();
        assertThat(pharmacy.endedCall(caller.callSid(), WAIT).getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }
}
