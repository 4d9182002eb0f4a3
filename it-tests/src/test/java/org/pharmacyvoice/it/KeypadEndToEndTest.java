package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/**
 * Keys pressed on a real call: Twilio dtmf messages from the fake caller, through the real server, reach the fake
 * Deepgram agent as one InjectUserMessage per entry; the call record and the log keep the count of keys, never the
 * digits.
 */
class KeypadEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Shorter than the default 3 s so the pause test is quick, long enough that no pause splits a fast entry. */
    private static final Duration PAUSE = Duration.ofSeconds(1);
    /** No digit run of the tests appears in it. */
    private static final String CALLER_NUMBER = "+15550300009";
    private static final String RX_TYPED = "The caller typed on the keypad: 1234567";

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    private final List<FakeTwilioCaller> callers = new ArrayList<>();
    private final List<AgentConnection> connections = new ArrayList<>();

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of("keypad.pause", Double.toString(PAUSE.toMillis() / 1000.0)));
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
        pharmacy.agent.holdSettingsApplied(false);
    }

    @Test
    void keypadTypedRxNumber() throws Exception {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();

        caller.pressKeys("1234");
        // A broken key press on the way is skipped; the entry goes on.
        caller.sendRaw("{\"event\":\"dtmf\",\"streamSid\":\"" + caller.streamSid() + "\",\"sequenceNumber\":\"90\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"12\"}}");
        caller.pressKeys("567#");

        assertThat(agent.awaitInjectedUserMessages(1, WAIT), contains(RX_TYPED));
        Thread.sleep(PAUSE.toMillis() + 500);
        assertThat("exactly one, not another after the pause", agent.injectedUserMessages(), contains(RX_TYPED));
    }

    @Test
    void digitsWithoutPoundGoToTheAgentAfterThePause() throws Exception {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();

        long pressed = System.nanoTime();
        caller.pressKeys("01151980");

        assertThat(agent.awaitInjectedUserMessages(1, WAIT), contains("The caller typed on the keypad: 01151980"));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed);
        assertThat("sent after the pause of " + PAUSE.toMillis() + " ms, not before: " + waited + " ms",
                waited >= PAUSE.toMillis(), equalTo(true));
    }

    @Test
    void theCallRecordAndTheLogKeepTheNumberOfKeysNotTheDigits() throws Exception {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        JsonObject record;
        try (var log = new CapturedLog("org.pharmacyvoice")) {
            caller.pressKeys("1234567#");
            agent.awaitInjectedUserMessages(1, WAIT);
            agent.sendConversationText("assistant", "Thank you, I have your prescription number.");
            // Read in order after the agent's echo of the entry: once this line is recorded, the echo was handled.
            awaitRecordedLines(caller.callSid(), 2);
            caller.sendStop();
            record = pharmacy.endedCall(caller.callSid(), WAIT);

            assertThat(log.lines(), hasItem(containsString("caller typed 7 keys on the keypad")));
            assertThat(log.lines().toString(), not(containsString("1234567")));
        }

        assertThat(record.getJsonArray("transcript").getValuesAs(JsonObject.class).stream()
                .map(line -> line.getString("speaker") + ": " + line.getString("text")).toList(), contains(
                "caller: [typed 7 keys on the keypad]", "agent: Thank you, I have your prescription number."));
        assertThat(record.toString(), not(containsString("1234567")));
    }

    @Test
    void anEntryTheAgentRefusesMidTurnIsSentAgainWhenItsTurnIsOver() {
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();
        agent.refuseInjections(1);

        caller.pressKeys("1234567#");
        agent.awaitInjectedUserMessages(1, WAIT);
        agent.sendAgentAudioDone();

        assertThat(agent.awaitInjectedUserMessages(2, WAIT), contains(RX_TYPED, RX_TYPED));
    }

    @Test
    void anEntryTypedBeforeTheAgentIsReadyWaitsForSettingsApplied() throws Exception {
        pharmacy.agent.holdSettingsApplied(true);
        FakeTwilioCaller caller = newCaller();
        AgentConnection agent = answerCall(caller);
        agent.settings();

        caller.pressKeys("1234567#");
        Thread.sleep(300);
        assertThat(agent.injectedUserMessages(), empty());
        agent.applySettings();

        assertThat(agent.awaitInjectedUserMessages(1, WAIT), contains(RX_TYPED));
    }

    /** Waits until the call's record (staff API) holds {@code count} transcript lines. */
    private static void awaitRecordedLines(String callSid, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int lines = 0;
        while (System.nanoTime() < deadline) {
            pharmacy.server.flushCallRecords(WAIT);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(pharmacy.http("/api/calls/" + callSid))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                try (var reader = Json.createReader(new StringReader(response.body()))) {
                    lines = reader.readObject().getJsonArray("transcript").size();
                }
                if (lines >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("call " + callSid + " has " + lines + " transcript lines, not " + count);
    }

    private FakeTwilioCaller newCaller() {
        FakeTwilioCaller caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
        callers.add(caller);
        return caller;
    }

    private AgentConnection answerCall(FakeTwilioCaller caller) {
        caller.startCall(Map.of("From", CALLER_NUMBER, "To", "+15550001111"));
        AgentConnection connection = pharmacy.agent.awaitConnection(WAIT);
        connections.add(connection);
        return connection;
    }
}
