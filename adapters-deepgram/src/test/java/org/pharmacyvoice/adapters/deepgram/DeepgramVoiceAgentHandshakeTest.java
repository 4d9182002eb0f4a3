package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;

/** How a conversation with Deepgram starts, and how failing to start one is reported. */
class DeepgramVoiceAgentHandshakeTest {

    private final FakeDeepgram deepgram = FakeDeepgram.start();
    private final RecordingListener listener = new RecordingListener();
    private DeepgramVoiceAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        deepgram.close();
    }

    private DeepgramVoiceAgent agent(DeepgramSettings settings) {
        agent = new DeepgramVoiceAgent(settings);
        return agent;
    }

    @Test
    void upgradeRequestCarriesTheApiKeyAsToken() throws Exception {
        agent(Fixtures.settings(deepgram.url())).connect(Fixtures.CALL, Fixtures.briefing(), listener);

        assertThat(deepgram.awaitPeer().authorization(), is("Token " + Fixtures.API_KEY));
    }

    @Test
    void nothingIsSentBeforeWelcomeAndThenExactlyOneSettings() throws Exception {
        deepgram.welcomeOnOpen(false);
        var connecting = CompletableFuture.supplyAsync(() -> connect(Fixtures.settings(deepgram.url())));
        FakeDeepgram.Peer peer = deepgram.awaitPeer();

        assertThat(peer.drain(300), is(empty()));
        assertThat(connecting.isDone(), is(false));

        peer.sendText(FakeDeepgram.WELCOME);
        JsonObject settings = peer.awaitJson();
        AgentSession session = connecting.get(5, TimeUnit.SECONDS);

        assertThat(settings, is(SettingsMessage.build(Fixtures.settings(deepgram.url()), Fixtures.briefing())));
        listener.next(AgentEvent.Ready.class);
        assertThat(peer.drain(300), is(empty()));
        session.close();
    }

    @Test
    void settingsAppliedMakesTheAgentReady() throws Exception {
        agent(Fixtures.settings(deepgram.url())).connect(Fixtures.CALL, Fixtures.briefing(), listener);

        listener.next(AgentEvent.Ready.class);
    }

    @Test
    void settingsSentOverTheWireMatchDeepgramsSchema() throws Exception {
        agent(Fixtures.settings(deepgram.url())).connect(Fixtures.CALL, Fixtures.briefing(), listener);

        JsonObject settings = deepgram.awaitPeer().awaitJson();

        assertThat(SchemaCheck.problems(SchemaCheck.clientMessage("AgentV1Settings"), settings), is(empty()));
        assertThat(settings.getJsonObject("audio").getJsonObject("input").getString("encoding"), is("mulaw"));
        assertThat(settings.getJsonObject("agent").getJsonObject("think").getJsonArray("functions").size(), is(3));
    }

    @Test
    void nothingListeningFailsFastWithoutShowingTheKey() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var settings = Fixtures.settings(URI.create("ws://127.0.0.1:" + port + FakeDeepgram.PATH));

        long started = System.nanoTime();
        var e = assertThrows(AgentUnavailableException.class,
                () -> agent(settings).connect(Fixtures.CALL, Fixtures.briefing(), listener));

        assertThat(Duration.ofNanos(System.nanoTime() - started), lessThan(Duration.ofSeconds(3)));
        assertThat(e.getMessage(), containsString("127.0.0.1:" + port));
        assertThat(e.getMessage(), not(containsString(Fixtures.API_KEY)));
        assertThat(listener.drain(100), is(empty()));
    }

    @Test
    void serverThatNeverSendsWelcomeFailsWithinTheConnectTimeoutAndIsHungUpOn() throws Exception {
        deepgram.welcomeOnOpen(false);
        var settings = Fixtures.settings(deepgram.url()).withTimings(Duration.ofMillis(500), Duration.ofMinutes(1));

        long started = System.nanoTime();
        var e = assertThrows(AgentUnavailableException.class,
                () -> agent(settings).connect(Fixtures.CALL, Fixtures.briefing(), listener));

        assertThat(Duration.ofNanos(System.nanoTime() - started), lessThan(Duration.ofSeconds(2)));
        assertThat(e.getMessage(), containsString("no Welcome from Deepgram within 500 ms"));
        FakeDeepgram.Peer peer = deepgram.awaitPeer();
        assertThat(peer.awaitClosed().status(), is(1000));
    }

    @Test
    void serverThatNeverAcceptsTheConnectionFailsWithinTheConnectTimeout() throws Exception {
        // The socket listens but nobody accepts, so the upgrade request hangs unanswered.
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var settings = Fixtures.settings(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + FakeDeepgram.PATH))
                    .withTimings(Duration.ofMillis(500), Duration.ofMinutes(1));

            long started = System.nanoTime();
            var e = assertThrows(AgentUnavailableException.class,
                    () -> agent(settings).connect(Fixtures.CALL, Fixtures.briefing(), listener));

            assertThat(Duration.ofNanos(System.nanoTime() - started), lessThan(Duration.ofSeconds(2)));
            assertThat(e.getMessage(), containsString("within 500 ms"));
        }
    }

    @Test
    void refusedUpgradeIsReportedWithTheHttpStatus() {
        var settings = Fixtures.settings(URI.create("ws://127.0.0.1:" + deepgram.port() + "/v1/agent/elsewhere"));

        var e = assertThrows(AgentUnavailableException.class,
                () -> agent(settings).connect(Fixtures.CALL, Fixtures.briefing(), listener));

        assertThat(e.getMessage(), containsString("404"));
        assertThat(e.getMessage(), not(containsString(Fixtures.API_KEY)));
    }

    @Test
    void errorInsteadOfWelcomeIsReportedWithItsCode() throws Exception {
        deepgram.welcomeOnOpen(false);
        var connecting = CompletableFuture.supplyAsync(() -> {
            try {
                agent(Fixtures.settings(deepgram.url())).connect(Fixtures.CALL, Fixtures.briefing(), listener);
                return null;
            } catch (AgentUnavailableException e) {
                return e;
            }
        });

        deepgram.awaitPeer().sendText("{\"type\":\"Error\",\"code\":\"INVALID_AUTH\",\"description\":\"bad key\"}");

        Exception e = connecting.get(5, TimeUnit.SECONDS);
        assertThat(e, instanceOf(AgentUnavailableException.class));
        assertThat(e.getMessage(), containsString("INVALID_AUTH bad key"));
    }

    @Test
    void missingApiKeyFailsWithoutConnecting() throws Exception {
        var settings = new DeepgramSettings(deepgram.url(), "", "nova-3", "open_ai", "gpt-4o-mini", 0.7,
                "aura-2-thalia-en", Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));

        var e = assertThrows(AgentUnavailableException.class,
                () -> agent(settings).connect(Fixtures.CALL, Fixtures.briefing(), listener));

        assertThat(e.getMessage(), containsString("no Deepgram API key"));
        assertThat(deepgram.pollPeer(200), is(nullValue()));
    }

    @Test
    void closedAgentTakesNoMoreCalls() {
        agent(Fixtures.settings(deepgram.url())).close();

        assertThrows(AgentUnavailableException.class,
                () -> agent.connect(Fixtures.CALL, Fixtures.briefing(), listener));
    }

    @Test
    void closingTheAgentEndsOpenConversationsAndStopsItsTimer() throws Exception {
        AgentSession session = connect(Fixtures.settings(deepgram.url()));
        FakeDeepgram.Peer peer = deepgram.awaitPeer();

        agent.close();

        assertThat(peer.awaitClosed().status(), is(1000));
        assertThrows(IllegalStateException.class, () -> session.sendAudio(new byte[160]));
        assertThat(agent.awaitStopped(Duration.ofSeconds(5)), is(true));
        assertThat(listener.drain(200).stream().filter(AgentEvent.Disconnected.class::isInstance).toList(),
                is(List.of()));
    }

    private AgentSession connect(DeepgramSettings settings) {
        try {
            return agent(settings).connect(Fixtures.CALL, Fixtures.briefing(), listener);
        } catch (AgentUnavailableException e) {
            throw new AssertionError(e);
        }
    }
}
