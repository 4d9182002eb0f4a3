package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.webclient.websocket.WsClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/**
 * A call through the real server with TWILIO_AUTH_TOKEN and PUBLIC_URL set, signed the way Twilio signs it: the
 * webhook, the stream upgrade and the one-time stream token all have to be right before any audio flows.
 */
class SignedCallEndToEndTest {

    private static final String AUTH_TOKEN = "e2e-auth-token-5f4dcc3b5aa765d61d8327deb882cf99";
    private static final String PUBLIC_URL = "https://pharmacy.example.test";
    private static final String CALLER = "+15551234567";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern STREAM_URL = Pattern.compile("<Stream url=\"([^\"]+)\">");
    private static final TwilioSigner SIGNER = new TwilioSigner(AUTH_TOKEN);
    private static final Pattern STREAM_TOKEN = Pattern.compile("<Parameter name=\"streamToken\" value=\"([^\"]+)\"/>");

    @TempDir
    static Path dataDir;
    private static CapturedLog log;
    private static RunningPharmacy pharmacy;

    private final List<FakeTwilioCaller> callers = new ArrayList<>();
    private final Random random = new Random(7);

    @BeforeAll
    static void startPharmacy() {
        log = new CapturedLog("");
        pharmacy = RunningPharmacy.start(dataDir, Map.of("twilio.auth.token", AUTH_TOKEN, "public.url", PUBLIC_URL));
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
        log.close();
    }

    @AfterEach
    void hangUp() {
        callers.forEach(FakeTwilioCaller::close);
    }

    @Test
    void signedWebhookSignedUpgradeAndTheCallsTokenConnectTheAgentAndAudioFlowsBothWays() throws Exception {
        String callSid = FakeTwilioCaller.newCallSid();
        HttpResponse<String> webhook = signedWebhook(callSid);
        assertThat(webhook.statusCode(), equalTo(200));
        String streamUrl = find(STREAM_URL, webhook.body());
        assertThat(streamUrl, equalTo("wss://pharmacy.example.test/media-stream"));

        FakeTwilioCaller caller = signedCaller(streamUrl);
        caller.sendConnected();
        caller.sendStart(callSid, FakeTwilioCaller.newStreamSid(), streamParameters(callSid, webhook.body()));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        byte[] spoken = audio(320);
        byte[] answer = audio(480);
        caller.sendMedia(spoken);
        agent.sendAudio(answer);

        assertThat(agent.awaitAudio(320, WAIT), equalTo(spoken));
        assertThat(caller.awaitAudio(480, WAIT), equalTo(answer));
        assertThat(caller.protocolViolations(), empty());
    }

    @Test
    void replayingTheStreamTokenOnASecondStreamIsRefusedWith1008AndReachesNoAgent() throws Exception {
        String callSid = FakeTwilioCaller.newCallSid();
        String twiml = signedWebhook(callSid).body();
        String streamUrl = find(STREAM_URL, twiml);
        FakeTwilioCaller first = signedCaller(streamUrl);
        first.sendConnected();
        first.sendStart(callSid, FakeTwilioCaller.newStreamSid(), streamParameters(callSid, twiml));
        pharmacy.agent.awaitConnection(WAIT).settings();
        int agentConnections = pharmacy.agent.connectionCount();

        FakeTwilioCaller replay = signedCaller(streamUrl);
        replay.sendConnected();
        replay.sendStart(callSid, FakeTwilioCaller.newStreamSid(), streamParameters(callSid, twiml));

        assertThat(replay.awaitClosed(WAIT), is(true));
        assertThat(replay.closeCode(), equalTo(1008));
        Thread.sleep(200);
        assertThat(pharmacy.agent.connectionCount(), equalTo(agentConnections));
        assertThat(log.lines(), hasItem("WARNING org.pharmacyvoice.adapters.twilio.MediaStreamListener [" + callSid
                + "] refused the media stream: stream token used"));
    }

    @Test
    void behindALoadBalancerAStreamIsAcceptedOnceByAServerThatDidNotAnswerItsWebhook(@TempDir Path otherDir)
            throws Exception {
        try (var other = RunningPharmacy.start(otherDir, Map.of("twilio.auth.token", AUTH_TOKEN,
                "public.url", PUBLIC_URL))) {
            String callSid = FakeTwilioCaller.newCallSid();
            String twiml = signedWebhook(callSid).body();
            String streamUrl = find(STREAM_URL, twiml);

            FakeTwilioCaller caller = signedCaller(other, streamUrl);
            caller.sendConnected();
            caller.sendStart(callSid, FakeTwilioCaller.newStreamSid(), streamParameters(callSid, twiml));
            AgentConnection agent = other.agent.awaitConnection(WAIT);
            agent.settings();
            byte[] spoken = audio(160);
            caller.sendMedia(spoken);
            assertThat(agent.awaitAudio(160, WAIT), equalTo(spoken));

            FakeTwilioCaller replay = signedCaller(other, streamUrl);
            replay.sendConnected();
            replay.sendStart(callSid, FakeTwilioCaller.newStreamSid(), streamParameters(callSid, twiml));
            assertThat(replay.awaitClosed(WAIT), is(true));
            assertThat(replay.closeCode(), equalTo(1008));
            assertThat(other.agent.connectionCount(), equalTo(1));
        }
    }

    @Test
    void unsignedWebhookGets403BeforeItsBodyIsReadAndTheLogLineShowsThePathButNoSecret() throws Exception {
        String callSid = FakeTwilioCaller.newCallSid();
        String form = TwilioSigner.form(callParameters(callSid));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        pharmacy.http("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode(), equalTo(403));
        assertThat(response.body(), equalTo(""));
        assertThat(log.lines(), hasItem("WARNING org.pharmacyvoice.adapters.twilio.RequestGuard refused POST "
                + "/incoming-call: missing X-Twilio-Signature"));
    }

    @Test
    void unsignedStreamUpgradeIsRefusedWith403() {
        var refused = assertThrows(WsClientException.class, () -> signedCaller(null));

        assertThat(refused.getMessage(), containsString("403"));
    }

    @Test
    void startUpSaysValidationIsOnAndNoLogLineHoldsASecretOrAFullCallerNumber() throws Exception {
        String callSid = FakeTwilioCaller.newCallSid();
        String signature = SIGNER.sign(PUBLIC_URL + "/incoming-call", callParameters(callSid));
        // A forged request: the right signature for other parameters.
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(pharmacy.http("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(TwilioSigner.form(callParameters(callSid)) + "&Digits=1"))
                .build(), HttpResponse.BodyHandlers.ofString());

        List<String> lines = log.lines();
        assertThat(lines, hasItem("INFO org.pharmacyvoice.app.PharmacyVoiceServer Twilio request validation is ON: "
                + "X-Twilio-Signature is checked on /incoming-call, /call-status and the /media-stream upgrade, and "
                + "each stream must present its call's one-time token"));
        assertThat(lines, hasItem("WARNING org.pharmacyvoice.adapters.twilio.RequestGuard refused POST "
                + "/incoming-call from caller +1******4567: invalid X-Twilio-Signature"));
        for (String line : lines) {
            assertThat(line, line.contains(AUTH_TOKEN), is(false));
            assertThat(line, line.contains(RunningPharmacy.API_KEY), is(false));
            assertThat(line, line.contains(signature), is(false));
            if (line.contains("org.pharmacyvoice.adapters.twilio")) {
                assertThat(line, line.contains(CALLER), is(false));
            }
        }
    }

    private HttpResponse<String> signedWebhook(String callSid) throws Exception {
        Map<String, String> parameters = callParameters(callSid);
        var request = HttpRequest.newBuilder(pharmacy.http("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", SIGNER.sign(PUBLIC_URL + "/incoming-call", parameters))
                .POST(HttpRequest.BodyPublishers.ofString(TwilioSigner.form(parameters))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Connects to the real server as Twilio does to the TwiML's wss URL; no signature when that URL is null. */
    private FakeTwilioCaller signedCaller(String signedStreamUrl) throws Exception {
        return signedCaller(pharmacy, signedStreamUrl);
    }

    private FakeTwilioCaller signedCaller(RunningPharmacy server, String signedStreamUrl) throws Exception {
        Map<String, String> headers = signedStreamUrl == null ? Map.of()
                : Map.of("x-twilio-signature", SIGNER.sign(signedStreamUrl, Map.of()));
        FakeTwilioCaller caller = FakeTwilioCaller.connect(server.streamUrl(), headers);
        callers.add(caller);
        return caller;
    }

    private static Map<String, String> streamParameters(String callSid, String twiml) {
        return Map.of("From", CALLER, "To", "+15550001111", "CallSid", callSid,
                "streamToken", find(STREAM_TOKEN, twiml));
    }

    private static Map<String, String> callParameters(String callSid) {
        return Map.of("CallSid", callSid, "AccountSid", "AC" + "0".repeat(32), "From", CALLER, "To", "+15550001111",
                "CallStatus", "ringing", "Direction", "inbound", "ApiVersion", "2010-04-01");
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError(pattern + " not found in " + text);
        }
        return matcher.group(1);
    }

    private byte[] audio(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
