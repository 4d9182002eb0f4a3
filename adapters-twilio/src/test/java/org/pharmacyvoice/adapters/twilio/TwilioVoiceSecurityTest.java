package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.CallContext;

/** The adapter with an auth token configured: signed requests pass, everything else gets 403 or a closed stream. */
class TwilioVoiceSecurityTest {

    private static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC = "https://pharmacy.example.com";
    private static final String STREAM_URL = "wss://pharmacy.example.com/media-stream";
    private static final String CALL_FORM = "CallSid=CA123&From=%2B15551234567&To=%2B15550001111&AccountSid=AC1"
            + "&CallStatus=ringing";
    private static final Map<String, List<String>> CALL_PARAMS = Map.of("CallSid", List.of("CA123"),
            "From", List.of("+15551234567"), "To", List.of("+15550001111"), "AccountSid", List.of("AC1"),
            "CallStatus", List.of("ringing"));
    private static final Pattern TOKEN = Pattern.compile("<Parameter name=\"streamToken\" value=\"([^\"]+)\"/>");

    private final RecordingPhoneCalls calls = new RecordingPhoneCalls();
    private final TwilioSignature signer = new TwilioSignature(AUTH_TOKEN);
    private final List<TestStreamClient> clients = new ArrayList<>();
    private TwilioTestServer server;
    private TwilioVoice twilio;

    private void start(TwilioSettings settings) {
        server = TwilioTestServer.start(settings, calls);
        twilio = server.twilio();
    }

    private void startValidating() {
        start(validating());
    }

    private static TwilioSettings validating() {
        return TwilioSettings.defaults(Optional.of(URI.create(PUBLIC))).withAuthToken(Optional.of(AUTH_TOKEN));
    }

    @AfterEach
    void stop() {
        clients.forEach(TestStreamClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signedWebhookGetsTwimlWithAOneTimeStreamTokenAfterTheCallParameters() throws Exception {
        startValidating();

        HttpResponse<String> response = post("/incoming-call", CALL_FORM,
                signer.sign(PUBLIC + "/incoming-call", CALL_PARAMS));

        assertThat(response.statusCode(), equalTo(200));
        String token = token(response.body());
        assertThat(token, matchesPattern("[A-Za-z0-9_-]{75}"));
        assertThat(response.body(), equalTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Connect action="/after-stream" method="POST">
                    <Stream url="wss://pharmacy.example.com/media-stream">
                      <Parameter name="From" value="+15551234567"/>
                      <Parameter name="To" value="+15550001111"/>
                      <Parameter name="CallSid" value="CA123"/>
                      <Parameter name="streamToken" value="%s"/>
                    </Stream>
                  </Connect>
                  <Say>We are sorry, the pharmacy assistant could not continue this call. Please call again later.</Say>
                  <Hangup/>
                </Response>
                """.formatted(token)));
    }

    @Test
    void unsignedWebhookGets403WithNoBodyAndOneLogLineWithoutSecretsOrTheUnreadCaller() throws Exception {
        startValidating();
        try (var log = new LogCapture()) {

            HttpResponse<String> response = post("/incoming-call", CALL_FORM, null);

            assertThat(response.statusCode(), equalTo(403));
            assertThat(response.body(), equalTo(""));
            assertThat(log.lines(), contains(
                    "WARNING refused POST /incoming-call: missing X-Twilio-Signature"));
        }
    }

    @Test
    void wronglySignedWebhookGets403AndTheLogShowsNeitherSignatureNorToken() throws Exception {
        startValidating();
        String forged = signer.sign(PUBLIC + "/incoming-call", Map.of("CallSid", List.of("CA123")));
        try (var log = new LogCapture()) {

            HttpResponse<String> response = post("/incoming-call", CALL_FORM, forged);

            assertThat(response.statusCode(), equalTo(403));
            assertThat(response.body(), equalTo(""));
            assertThat(log.lines(), contains(
                    "WARNING refused POST /incoming-call from caller +1******4567: invalid X-Twilio-Signature"));
        }
    }

    @Test
    void webhookSignedByAnotherAccountGets403() throws Exception {
        startValidating();

        HttpResponse<String> response = post("/incoming-call", CALL_FORM,
                new TwilioSignature("another-token").sign(PUBLIC + "/incoming-call", CALL_PARAMS));

        assertThat(response.statusCode(), equalTo(403));
    }

    @Test
    void webhookWithATamperedParameterGets403() throws Exception {
        startValidating();

        HttpResponse<String> response = post("/incoming-call", CALL_FORM.replace("%2B15551234567", "%2B19005550000"),
                signer.sign(PUBLIC + "/incoming-call", CALL_PARAMS));

        assertThat(response.statusCode(), equalTo(403));
    }

    @Test
    void repeatedParametersAreAllSigned() throws Exception {
        startValidating();
        var params = new LinkedHashMap<String, List<String>>(CALL_PARAMS);
        params.put("Digits", List.of("5678", "1234"));

        HttpResponse<String> response = post("/incoming-call", CALL_FORM + "&Digits=5678&Digits=1234",
                signer.sign(PUBLIC + "/incoming-call", params));

        assertThat(response.statusCode(), equalTo(200));
    }

    @Test
    void signedGetWebhookIsCheckedOverTheRawQueryAndNoParameters() throws Exception {
        startValidating();
        String query = "?CallSid=CA9&From=client%3Aalice&To=%2B1555";

        HttpResponse<String> signed = get("/incoming-call" + query,
                signer.sign(PUBLIC + "/incoming-call" + query, Map.of()));
        HttpResponse<String> tampered = get("/incoming-call" + query.replace("CA9", "CA8"),
                signer.sign(PUBLIC + "/incoming-call" + query, Map.of()));

        assertThat(signed.statusCode(), equalTo(200));
        assertThat(signed.body().contains("<Parameter name=\"CallSid\" value=\"CA9\"/>"), is(true));
        assertThat(tampered.statusCode(), equalTo(403));
    }

    @Test
    void webhookSignedWithTheExplicitDefaultPortIsAccepted() throws Exception {
        startValidating();

        HttpResponse<String> response = post("/incoming-call", CALL_FORM,
                signer.sign("https://pharmacy.example.com:443/incoming-call", CALL_PARAMS));

        assertThat(response.statusCode(), equalTo(200));
    }

    @Test
    void withoutPublicUrlTheWebhookIsCheckedAgainstTheForwardedUrl() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()).withAuthToken(Optional.of(AUTH_TOKEN)));
        String signature = signer.sign("https://abc.ngrok.app/incoming-call", CALL_PARAMS);

        var request = HttpRequest.newBuilder(uri("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "abc.ngrok.app")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(CALL_FORM)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode(), equalTo(200));
        assertThat(response.body().contains("<Stream url=\"wss://abc.ngrok.app/media-stream\">"), is(true));
    }

    @Test
    void signedStatusCallbackIsForwardedToTheDomainAndAnswered204() throws Exception {
        startValidating();
        String form = "CallSid=CA123&CallStatus=completed&CallDuration=42&AccountSid=AC1";
        String signature = signer.sign(PUBLIC + "/call-status", Map.of("CallSid", List.of("CA123"),
                "CallStatus", List.of("completed"), "CallDuration", List.of("42"), "AccountSid", List.of("AC1")));

        HttpResponse<String> response = post("/call-status", form, signature);

        assertThat(response.statusCode(), equalTo(204));
        assertThat(calls.statusReports(), contains("CA123 completed OptionalInt[42]"));
    }

    @Test
    void unsignedStatusCallbackGets403AndReachesNothing() throws Exception {
        startValidating();
        try (var log = new LogCapture()) {

            HttpResponse<String> response = post("/call-status", "CallSid=CA123&CallStatus=completed", null);

            assertThat(response.statusCode(), equalTo(403));
            assertThat(calls.statusReports(), empty());
            assertThat(log.lines(), contains(
                    "WARNING refused POST /call-status: missing X-Twilio-Signature"));
        }
    }

    @Test
    void withoutAuthTokenStatusCallbacksAreForwardedUnchecked() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));

        HttpResponse<String> busy = post("/call-status", "CallSid=CA7&CallStatus=busy", null);
        HttpResponse<String> noSid = post("/call-status", "CallStatus=busy", null);

        assertThat(busy.statusCode(), equalTo(204));
        assertThat(noSid.statusCode(), equalTo(400));
        assertThat(calls.statusReports(), contains("CA7 busy OptionalInt.empty"));
    }

    @Test
    void upgradeWithTheLowerCaseSignatureOfTheWssUrlIsAccepted() throws Exception {
        startValidating();

        assertThat(upgrade("/media-stream", signer.sign(STREAM_URL, Map.of())),
                equalTo("HTTP/1.1 101 Switching Protocols"));
        assertThat(upgrade("/media-stream", signer.sign(STREAM_URL + "/", Map.of())),
                equalTo("HTTP/1.1 101 Switching Protocols"));
        assertThat(upgrade("/media-stream", signer.sign("wss://pharmacy.example.com:443/media-stream/", Map.of())),
                equalTo("HTTP/1.1 101 Switching Protocols"));
    }

    @Test
    void upgradeWithoutWithAWrongOrAnHttpsSignatureIsRefusedWith403() throws Exception {
        startValidating();
        try (var log = new LogCapture()) {

            assertThat(upgrade("/media-stream", null), equalTo("HTTP/1.1 403 Forbidden"));
            assertThat(upgrade("/media-stream", "CSS4F/5/iw8S6Zkm3aULeNJaVC8="), equalTo("HTTP/1.1 403 Forbidden"));
            assertThat(upgrade("/media-stream", signer.sign(PUBLIC + "/media-stream", Map.of())),
                    equalTo("HTTP/1.1 403 Forbidden"));
            assertThat(log.lines(), contains(
                    "WARNING refused the WebSocket upgrade of /media-stream: missing x-twilio-signature",
                    "WARNING refused the WebSocket upgrade of /media-stream: invalid x-twilio-signature",
                    "WARNING refused the WebSocket upgrade of /media-stream: invalid x-twilio-signature"));
        }
    }

    @Test
    void upgradeWithAQueryStringIsRefusedEvenWhenSigned() throws Exception {
        startValidating();
        try (var log = new LogCapture()) {

            assertThat(upgrade("/media-stream?token=abc", signer.sign(STREAM_URL + "?token=abc", Map.of())),
                    equalTo("HTTP/1.1 403 Forbidden"));
            assertThat(upgrade("/media-stream?token=abc", signer.sign(STREAM_URL, Map.of())),
                    equalTo("HTTP/1.1 403 Forbidden"));
            assertThat(log.lines().getFirst(), equalTo("WARNING refused the WebSocket upgrade of /media-stream: it "
                    + "has a query string, which Twilio never sends"));
        }
    }

    @Test
    void signedStreamWithTheTokenFromTheWebhookIsAnsweredAndCarriesAudio() throws Exception {
        startValidating();
        String twiml = post("/incoming-call", CALL_FORM, signer.sign(PUBLIC + "/incoming-call", CALL_PARAMS)).body();
        TestStreamClient client = signedStream();

        client.send(start("CA123", token(twiml)));
        var call = calls.awaitCall();
        client.send(media(new byte[] {1, 2, 3}));

        assertThat(call.context, equalTo(new CallContext("CA123", "MZ1", "+15551234567", "+15550001111")));
        assertThat(call.awaitAudio(3), equalTo(new byte[] {1, 2, 3}));
    }

    @Test
    void streamWithoutTokenIsClosedWith1008AndNoCallIsAnswered() throws Exception {
        startValidating();
        TestStreamClient client = signedStream();
        try (var log = new LogCapture()) {

            client.send(start("CA123", null));

            assertThat(client.closedWith.get(5, TimeUnit.SECONDS), equalTo(1008));
            assertThat(calls.noCallWithin(200), is(true));
            assertThat(log.warnings(), contains("WARNING [CA123] refused the media stream: stream token missing"));
        }
    }

    @Test
    void replayedTokenIsClosedWith1008() throws Exception {
        startValidating();
        String token = twilio.mintStreamToken("CA123");
        TestStreamClient first = signedStream();
        first.send(start("CA123", token));
        calls.awaitCall();
        TestStreamClient replay = signedStream();
        try (var log = new LogCapture()) {

            replay.send(start("CA123", token));

            assertThat(replay.closedWith.get(5, TimeUnit.SECONDS), equalTo(1008));
            assertThat(calls.noCallWithin(200), is(true));
            assertThat(log.warnings(), contains(
                    "WARNING [CA123] refused the media stream: stream token used"));
        }
    }

    @Test
    void expiredTokenIsClosedWith1008() throws Exception {
        start(validating().withStreamTokenLifetime(Duration.ofMillis(100)));
        String token = twilio.mintStreamToken("CA123");
        Thread.sleep(250);
        TestStreamClient client = signedStream();
        try (var log = new LogCapture()) {

            client.send(start("CA123", token));

            assertThat(client.closedWith.get(5, TimeUnit.SECONDS), equalTo(1008));
            assertThat(calls.noCallWithin(200), is(true));
            assertThat(log.warnings(), contains("WARNING [CA123] refused the media stream: stream token expired"));
        }
    }

    @Test
    void tokenOfAnotherCallIsClosedWith1008() throws Exception {
        startValidating();
        String token = twilio.mintStreamToken("CA999");
        TestStreamClient client = signedStream();
        try (var log = new LogCapture()) {

            client.send(start("CA123", token));

            assertThat(client.closedWith.get(5, TimeUnit.SECONDS), equalTo(1008));
            assertThat(calls.noCallWithin(200), is(true));
            assertThat(log.warnings(), contains(
                    "WARNING [CA123] refused the media stream: stream token not for this call"));
        }
    }

    @Test
    void withoutAuthTokenNoSignatureOrTokenIsNeededAndTheTwimlHasNoToken() throws Exception {
        start(TwilioSettings.defaults(Optional.of(URI.create(PUBLIC))));

        HttpResponse<String> webhook = post("/incoming-call", CALL_FORM, null);
        var client = TestStreamClient.connect(server.port(), "/media-stream");
        clients.add(client);
        client.send(start("CA123", null));

        assertThat(webhook.statusCode(), equalTo(200));
        assertThat(TOKEN.matcher(webhook.body()).find(), is(false));
        assertThat(calls.awaitCall().context.callSid(), equalTo("CA123"));
        assertThat(twilio.validatesRequests(), is(false));
    }

    @Test
    void settingsNeverShowTheAuthToken() {
        assertThat(validating().toString(), equalTo("TwilioSettings[publicUrl=https://pharmacy.example.com, "
                + "mediaStreamPath=/media-stream, maxMessageBytes=65536, authToken=****, "
                + "streamTokenLifetime=PT1M, pharmacist=<none>, writeTimeout=PT5S]"));
    }

    private TestStreamClient signedStream() throws Exception {
        var client = TestStreamClient.connect(server.port(), "/media-stream",
                Map.of("x-twilio-signature", signer.sign(STREAM_URL, Map.of())));
        clients.add(client);
        return client;
    }

    private static String start(String callSid, String token) {
        String tokenParameter = token == null ? "" : ",\"streamToken\":\"" + token + "\"";
        return """
                {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"%s",
                 "tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
                 "customParameters":{"From":"+15551234567","To":"+15550001111","CallSid":"%s"%s}},
                 "streamSid":"MZ1"}""".formatted(callSid, callSid, tokenParameter);
    }

    private static String media(byte[] audio) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                + "\"timestamp\":\"5\",\"payload\":\"" + Base64.getEncoder().encodeToString(audio) + "\"},"
                + "\"streamSid\":\"MZ1\"}";
    }

    private static String token(String twiml) {
        Matcher matcher = TOKEN.matcher(twiml);
        if (!matcher.find()) {
            throw new AssertionError("no stream token in " + twiml);
        }
        return matcher.group(1);
    }

    /** A WebSocket upgrade as Twilio sends it, over a raw socket so the exact status line can be checked. */
    private String upgrade(String target, String signature) throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            String request = "GET " + target + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (signature == null ? "" : "x-twilio-signature: " + signature + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return reader.readLine();
        }
    }

    private HttpResponse<String> post(String path, String form, String signature) throws Exception {
        var request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery, String signature) throws Exception {
        var request = HttpRequest.newBuilder(uri(pathAndQuery)).header("X-Twilio-Signature", signature).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
