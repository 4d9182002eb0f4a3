package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.webclient.websocket.WsClientException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * The softphone's way in, on a server that validates Twilio's signatures: a session gives a CallSid and a one-time
 * token; the softphone stream needs that token instead of a signature, once, for that call; Twilio's own stream stays
 * as strict as before; and a softphone caller can't claim a phone number.
 */
class SoftphoneEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String STAFF_TOKEN = "softphone-test-staff-token";
    /** The softphone is a staff page: on a server facing Twilio it needs the staff token, which the browser asks for. */
    private static final HttpClient HTTP = HttpClient.newBuilder().authenticator(new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication("staff", STAFF_TOKEN.toCharArray());
        }
    }).build();

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private FakeTwilioCaller caller;
    private FakeTwilioCaller replay;

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of(
                "twilio.auth.token", "softphone-test-auth-token-0123456789abcdef",
                "public.url", "https://pharmacy.example.test",
                "staff.token", STAFF_TOKEN));
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @AfterEach
    void hangUp() {
        for (FakeTwilioCaller open : new FakeTwilioCaller[] {caller, replay}) {
            if (open != null) {
                open.close();
            }
        }
    }

    @Test
    void aSessionsTokenStartsOneCallWhoseCallerIsTheSoftphoneWhateverTheBrowserClaims() throws Exception {
        JsonObject session = session(pharmacy);
        String callSid = session.getString("call_sid");
        assertThat(callSid, matchesPattern("CA[0-9a-f]{32}"));
        assertThat(session.getString("stream_path"), equalTo("/softphone-stream"));

        caller = FakeTwilioCaller.connect(softphoneStream(pharmacy));
        caller.sendConnected();
        caller.sendStart(callSid, FakeTwilioCaller.newStreamSid(),
                Map.of("streamToken", session.getString("stream_token"), "From", "+15551234567"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        var mine = FunctionCall.of("find_my_orders", "{}");
        agent.requestFunctions(mine);
        String answer = agent.awaitFunctionResponse(mine.id(), WAIT).getString("content");
        byte[] words = new byte[320];
        java.util.Arrays.fill(words, (byte) 0x35);
        caller.sendMedia(words);

        assertThat("audio flows as on a Twilio stream", agent.awaitAudio(320, WAIT), equalTo(words));
        assertThat("the claimed number reached no orders", answer, containsString("error"));
        caller.sendStop();
        caller.awaitClosed(WAIT);
        pharmacy.server.flushCallRecords(WAIT);
        JsonObject record = json(HTTP.send(HttpRequest.newBuilder(pharmacy.http("/api/calls/" + callSid)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(record.getString("caller_number"), equalTo("softphone"));
        assertThat(record.getString("end_reason"), equalTo("CALLER_HUNG_UP"));
    }

    @Test
    void theSameTokenOnASecondStreamIsRefusedWith1008AndReachesNoAgent() throws Exception {
        JsonObject session = session(pharmacy);
        String callSid = session.getString("call_sid");
        caller = FakeTwilioCaller.connect(softphoneStream(pharmacy));
        caller.sendConnected();
        caller.sendStart(callSid, FakeTwilioCaller.newStreamSid(), Map.of("streamToken", session.getString("stream_token")));
        pharmacy.agent.awaitConnection(WAIT).settings();
        int agents = pharmacy.agent.connectionCount();

        replay = FakeTwilioCaller.connect(softphoneStream(pharmacy));
        replay.sendConnected();
        replay.sendStart(callSid, FakeTwilioCaller.newStreamSid(), Map.of("streamToken", session.getString("stream_token")));

        assertThat(replay.awaitClosed(WAIT), is(true));
        assertThat(replay.closeCode(), equalTo(1008));
        Thread.sleep(200);
        assertThat(pharmacy.agent.connectionCount(), equalTo(agents));
    }

    @Test
    void aTokenIsGoodOnlyForTheCallItWasMintedFor() throws Exception {
        JsonObject session = session(pharmacy);

        caller = FakeTwilioCaller.connect(softphoneStream(pharmacy));
        caller.sendConnected();
        caller.sendStart(FakeTwilioCaller.newCallSid(), FakeTwilioCaller.newStreamSid(),
                Map.of("streamToken", session.getString("stream_token")));

        assertThat(caller.awaitClosed(WAIT), is(true));
        assertThat(caller.closeCode(), equalTo(1008));
    }

    @Test
    void twiliosOwnStreamStillRefusesAnUnsignedUpgrade() {
        var refused = assertThrows(WsClientException.class, () -> FakeTwilioCaller.connect(pharmacy.streamUrl()));

        assertThat(refused.getMessage(), containsString("403"));
    }

    @Test
    void theSessionIsPostOnlyAndNeverCached() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(pharmacy.http("/softphone/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(pharmacy.http("/softphone/session"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode(), equalTo(405));
        assertThat(get.headers().firstValue("Allow").orElse(""), equalTo("POST"));
        assertThat(post.statusCode(), equalTo(200));
        assertThat(post.headers().firstValue("Cache-Control").orElse(""), equalTo("no-store"));
    }

    @Test
    void withoutTwilioValidationTheSoftphoneStreamStillWantsAToken(@TempDir Path otherDir) {
        try (var open = RunningPharmacy.start(otherDir, Map.of());
             var tokenless = FakeTwilioCaller.connect(softphoneStream(open))) {
            tokenless.sendConnected();
            tokenless.sendStart(FakeTwilioCaller.newCallSid(), FakeTwilioCaller.newStreamSid(), Map.of());

            assertThat(tokenless.awaitClosed(WAIT), is(true));
            assertThat(tokenless.closeCode(), equalTo(1008));
            assertThat(open.agent.connectionCount(), equalTo(0));
        }
    }

    @Test
    void aServerWithTheSoftphoneSwitchedOffOffersNoSessionAndNoStream(@TempDir Path otherDir) throws Exception {
        try (var off = RunningPharmacy.start(otherDir, Map.of("softphone.enabled", "false"))) {
            HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(off.http("/softphone/session"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(session.statusCode(), equalTo(404));
            assertThrows(WsClientException.class, () -> FakeTwilioCaller.connect(softphoneStream(off)));
        }
    }

    @Test
    void withoutAnAgentKeyTheSessionIsRefusedWithTheReason(@TempDir Path otherDir) throws Exception {
        try (var unconfigured = RunningPharmacy.start(otherDir, Map.of("deepgram.api.key", ""))) {
            HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(unconfigured.http("/softphone/session"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(session.statusCode(), equalTo(503));
            assertThat(json(session.body()).getString("error"), equalTo("agent_not_configured"));
        }
    }

    @Test
    void thePagesAndTheirScriptsAreServedWithTheirTypesAndAContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        HttpResponse<String> dashboard = get("/dashboard");
        HttpResponse<String> worklet = get("/web/audio-worklet.js");
        HttpResponse<String> missing = get("/web/secrets.txt");

        assertThat(page.statusCode(), equalTo(200));
        assertThat(page.headers().firstValue("Content-Type").orElse(""), startsWith("text/html"));
        assertThat(page.body(), containsString("<button id=\"call\""));
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""), startsWith("default-src 'self'"));
        assertThat(dashboard.body(), containsString("<table id=\"orders\""));
        assertThat(worklet.headers().firstValue("Content-Type").orElse(""), startsWith("text/javascript"));
        assertThat(worklet.body(), containsString("registerProcessor('mulaw-capture'"));
        assertThat(missing.statusCode(), equalTo(404));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(pharmacy.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject session(RunningPharmacy server) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.http("/softphone/session"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), equalTo(200));
        return json(response.body());
    }

    private static URI softphoneStream(RunningPharmacy server) {
        return URI.create("ws://127.0.0.1:" + server.server.port() + "/softphone-stream");
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
