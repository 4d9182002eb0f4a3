package org.pharmacyvoice.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * One phone call into a running pharmacy, from a given number, in which the fake agent runs the server's tools the
 * way Deepgram would; for tests that need orders placed the real way before they look at them another way.
 */
final class PhoneCall implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeTwilioCaller caller;
    private final AgentConnection agent;
    private boolean abandoned;
    /** Audio bytes sent each way so far by {@link #talk}: the fakes count what arrived since the call began. */
    private int talked;

    private PhoneCall(FakeTwilioCaller caller, AgentConnection agent) {
        this.caller = caller;
        this.agent = agent;
    }

    static PhoneCall from(RunningPharmacy pharmacy, String callerNumber) {
        return to(pharmacy.streamUrl(), pharmacy.agent, callerNumber);
    }

    /** A call to the media stream at {@code streamUrl} of a server whose agent is {@code agent}. */
    static PhoneCall to(URI streamUrl, FakeDeepgramAgent agent, String callerNumber) {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(streamUrl);
        caller.startCall(Map.of("From", callerNumber, "To", "+15550001111"));
        AgentConnection connection = agent.awaitConnection(WAIT);
        connection.settings();
        return new PhoneCall(caller, connection);
    }

    /**
     * A call whose stream {@code caller} already started (a call the pharmacy placed, say), once the server's agent
     * connection got its Settings; returns the call and those Settings.
     */
    static Answered answered(FakeTwilioCaller caller, FakeDeepgramAgent agent) {
        AgentConnection connection = agent.awaitConnection(WAIT);
        JsonObject settings = connection.settings();
        return new Answered(new PhoneCall(caller, connection), settings);
    }

    /** A call and the Settings its agent was briefed with. */
    record Answered(PhoneCall call, JsonObject settings) {
    }

    /** The CallSid this call started with, under which the server keeps its record. */
    String callSid() {
        return caller.callSid();
    }

    /** Runs one tool through the agent and returns the content of its FunctionCallResponse, as JSON. */
    JsonObject run(String tool, String argumentsJson) {
        return run(FunctionCall.of(tool, argumentsJson));
    }

    /** Runs {@code call} through the agent; returns the content of its FunctionCallResponse as soon as it arrives. */
    JsonObject run(FunctionCall call) {
        agent.requestFunctions(call);
        String content = agent.awaitFunctionResponse(call.id(), WAIT).getString("content");
        try (var reader = Json.createReader(new StringReader(content))) {
            return reader.readObject();
        }
    }

    /** Proves to be {@code fullName}, born on {@code born} (YYYY-MM-DD), through verify_caller; fails if not. */
    void verifyAs(String fullName, String born) {
        JsonObject verified = run("verify_caller", "{\"full_name\":\"" + fullName + "\",\"date_of_birth\":\"" + born
                + "\"}");
        if (!"verified".equals(verified.getString("outcome", ""))) {
            throw new AssertionError(fullName + " was not verified: " + verified);
        }
    }

    /** Asks for a refill of {@code rxNumber} and returns the answer. */
    JsonObject requestRefill(String rxNumber) {
        return run("request_refill", "{\"rx_number\":\"" + rxNumber + "\"}");
    }

    /** The caller presses these keys on the phone's keypad, one DTMF message each. */
    void pressKeys(String keys) {
        caller.pressKeys(keys);
    }

    /** What the server passed to the agent as the caller's own turns (InjectUserMessage), once there are {@code n}. */
    List<String> typedTurns(int n) {
        return agent.awaitInjectedUserMessages(n, WAIT);
    }

    /** From now on the caller's side echoes every mark once "played", as Twilio does. */
    PhoneCall echoingMarks() {
        caller.autoEchoMarks(true);
        return this;
    }

    /** The agent speaks {@code bytes} of audio (a short reply) and says its audio is done. */
    void agentSpeaks(int bytes) {
        agent.sendAudio(new byte[bytes]);
        agent.sendAgentAudioDone();
    }

    /**
     * The caller speaks {@code frames} 20 ms frames, which the agent hears, and the agent answers with as many: audio
     * through the bridge both ways, for its latency histograms.
     */
    void talk(int frames) {
        for (int i = 0; i < frames; i++) {
            caller.sendMedia(new byte[160]);
        }
        talked += 160 * frames;
        agent.awaitAudio(talked, WAIT);
        for (int i = 0; i < frames; i++) {
            agent.sendAudio(new byte[160]);
        }
        caller.awaitAudio(talked, WAIT);
    }

    /** The agent reports how long it took to answer the caller's last turn, as Deepgram's LatencyReport does. */
    void agentRespondedIn(double seconds) {
        agent.sendJson("{\"type\":\"LatencyReport\",\"total_latency\":" + seconds + ",\"tts_latency\":0.1,"
                + "\"ttt_latency\":" + (seconds - 0.1) + "}");
    }

    /** The agent fails with an Error message, as Deepgram does. */
    void agentFails() {
        agent.sendError("SIMULATED", "the test broke the agent");
    }

    /** Whether the server closed the caller's stream (the call's end) within a few seconds. */
    boolean serverHungUp() {
        return caller.awaitClosed(WAIT);
    }

    /** The agent reports a line of the conversation, as Deepgram's ConversationText does. */
    void heard(String role, String text) {
        agent.sendConversationText(role, text);
    }

    /** Places an order and returns its id. */
    long placeOrder(String customer, String drug, int quantity) {
        JsonObject placed = run("place_order", "{\"customer_name\":\"" + customer + "\",\"drug_name\":\"" + drug
                + "\",\"quantity\":" + quantity + "}");
        return placed.getJsonNumber("order_id").longValueExact();
    }

    /** Hangs up without the stop message, for a server that is gone or has ended the call itself. */
    void abandon() {
        abandoned = true;
        caller.close();
    }

    @Override
    public void close() {
        if (abandoned) {
            return;
        }
        caller.sendStop();
        agent.awaitClosed(WAIT);
        caller.close();
    }
}
