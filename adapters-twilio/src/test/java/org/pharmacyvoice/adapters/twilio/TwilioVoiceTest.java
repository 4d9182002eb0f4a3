package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

class TwilioVoiceTest {

    private static final String START = """
            {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"CA1",
             "tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
             "customParameters":{"From":"+15551234567","To":"+15550001111","CallSid":"CA1"}},"streamSid":"MZ1"}""";

    private final RecordingPhoneCalls calls = new RecordingPhoneCalls();
    private TwilioTestServer server;
    private TwilioVoice twilio;

    private void start(TwilioSettings settings) {
        server = TwilioTestServer.start(settings, calls);
        twilio = server.twilio();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void incomingCallPostAnswersTwimlWithStreamAndParametersThenApology() throws Exception {
        start(TwilioSettings.defaults(Optional.of(URI.create("https://pharmacy.example.com"))));

        HttpResponse<String> response = post("/incoming-call",
                "CallSid=CA123&From=%2B15551234567&To=%2B15550001111&AccountSid=AC1&CallStatus=ringing");

        assertThat(response.statusCode(), equalTo(200));
        assertThat(response.headers().firstValue("content-type").orElse(""), startsWith("text/xml"));
        assertThat(response.body(), equalTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Connect action="/after-stream" method="POST">
                    <Stream url="wss://pharmacy.example.com/media-stream">
                      <Parameter name="From" value="+15551234567"/>
                      <Parameter name="To" value="+15550001111"/>
                      <Parameter name="CallSid" value="CA123"/>
                    </Stream>
                  </Connect>
                  <Say>We are sorry, the pharmacy assistant could not continue this call. Please call again later.</Say>
                  <Hangup/>
                </Response>
                """));
    }

    @Test
    void incomingCallGetReadsQueryAndDerivesHostFromForwardedHeaders() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));

        var request = HttpRequest.newBuilder(uri("/incoming-call?CallSid=CA9&From=client%3Aalice&To=%2B1555"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "abc.ngrok.app").GET().build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();

        assertThat(body.contains("<Stream url=\"wss://abc.ngrok.app/media-stream\">"), is(true));
        assertThat(body.contains("<Parameter name=\"From\" value=\"client:alice\"/>"), is(true));
        assertThat(body.contains("<Parameter name=\"CallSid\" value=\"CA9\"/>"), is(true));
    }

    @Test
    void parameterValuesAreXmlEscaped() throws Exception {
        start(TwilioSettings.defaults(Optional.of(URI.create("https://p.example"))));

        String body = post("/incoming-call", "CallSid=CA1&From=%22%3E%3CHangup%2F%3E&To=a%26b").body();

        assertThat(body.contains("<Parameter name=\"From\" value=\"&quot;&gt;&lt;Hangup/&gt;\"/>"), is(true));
        assertThat(body.contains("<Parameter name=\"To\" value=\"a&amp;b\"/>"), is(true));
    }

    @Test
    void atTheCallLimitTheCallerHearsTheLineIsBusy() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        calls.admission = Admission.BUSY;

        String body = post("/incoming-call", "CallSid=CA1&From=%2B15551234567").body();

        assertThat(body, equalTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>Thank you for calling the pharmacy. All our lines are busy right now. Please call again in a \
                few minutes.</Say>
                  <Hangup/>
                </Response>
                """));
    }

    @Test
    void whileCallsInARowGetNoAgentTheCallerGoesStraightToTheFallback() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()).withPharmacist(Optional.of("+15557654321")));
        calls.admission = Admission.AGENT_DOWN;

        String body = post("/incoming-call", "CallSid=CA1&From=%2B15551234567").body();

        assertThat(body, equalTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>We are sorry, the pharmacy assistant could not continue this call. Please hold while we \
                connect you to a pharmacist.</Say>
                  <Dial>+15557654321</Dial>
                </Response>
                """));
        assertThat(calls.noCallWithin(0), is(true));
    }

    @Test
    void withAPharmacistNumberAFailedStreamIsTransferredInsteadOfHungUp() throws Exception {
        start(TwilioSettings.defaults(Optional.of(URI.create("https://p.example")))
                .withPharmacist(Optional.of("+15557654321")));

        String body = post("/incoming-call", "CallSid=CA7&From=%2B15551234567&To=%2B15550001111").body();

        assertThat(body.endsWith("""
                  </Connect>
                  <Say>We are sorry, the pharmacy assistant could not continue this call. Please hold while we \
                connect you to a pharmacist.</Say>
                  <Dial>+15557654321</Dial>
                </Response>
                """), is(true));
    }

    @Test
    void withoutAgentTheCallerHearsNotAvailableAndNoStreamIsOffered() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        calls.admission = Admission.UNAVAILABLE;

        String body = post("/incoming-call", "CallSid=CA1&From=%2B15551234567").body();

        assertThat(body, equalTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Response>
                  <Say>Thank you for calling. Our phone assistant is not available yet. Please call again later.</Say>
                  <Hangup/>
                </Response>
                """));
    }

    @Test
    void streamStartAnswersCallWithContextAndForwardsAudioByteExact() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
            client.send(START);
            var call = calls.awaitCall();
            client.send(media("MZ1", new byte[] {1, 2, 3}));
            client.send(media("MZ1", new byte[] {(byte) 0xff, 0}));

            assertThat(call.context, equalTo(new CallContext("CA1", "MZ1", "+15551234567", "+15550001111")));
            assertThat(call.awaitAudio(5), equalTo(new byte[] {1, 2, 3, (byte) 0xff, 0}));
        }
    }

    @Test
    void callerLineSendsMediaClearAndMarkWithTheStreamSid() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(START);
            var call = calls.awaitCall();

            call.line.play(new byte[] {9, 8, 7});
            call.line.clearPlayback();
            call.line.mark("reply-1");

            assertThat(client.next(), equalTo("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\""
                    + Base64.getEncoder().encodeToString(new byte[] {9, 8, 7}) + "\"}}"));
            assertThat(client.next(), equalTo("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}"));
            assertThat(client.next(), equalTo("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"reply-1\"}}"));
        }
    }

    @Test
    void dtmfMarkAndStopReachTheCallAndStopEndsItOnce() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(START);
            var call = calls.awaitCall();
            client.send("{\"event\":\"dtmf\",\"streamSid\":\"MZ1\",\"sequenceNumber\":\"2\","
                    + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"5\"}}");
            client.send("{\"event\":\"mark\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m1\"}}");
            client.send("{\"event\":\"stop\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ1\","
                    + "\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\"CA1\"}}");

            assertThat(call.awaitEnding(), equalTo(CallEndReason.CALLER_HUNG_UP));
            assertThat(call.digits(), equalTo(java.util.List.of("5")));
            assertThat(call.marks(), equalTo(java.util.List.of("m1")));
        }
    }

    @Test
    void closingTheSocketWithoutStopEndsTheCall() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        var client = TestStreamClient.connect(server.port(), "/media-stream");
        client.send(START);
        var call = calls.awaitCall();

        client.close();

        assertThat(call.awaitEnding(), equalTo(CallEndReason.STREAM_CLOSED));
    }

    @Test
    void badMessagesAreSkippedAndTheCallGoesOn() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(media("MZ1", new byte[] {42}));
            client.send(START);
            var call = calls.awaitCall();
            client.send("{not json at all");
            client.send("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"***\"}}");
            client.send(media("MZ-other", new byte[] {43}));
            client.send("{\"event\":\"teleport\",\"streamSid\":\"MZ1\"}");
            client.sendBinary(new byte[] {44});
            client.send("x".repeat(70 * 1024));
            client.send(media("MZ1", new byte[] {1}));

            assertThat(call.awaitAudio(1), equalTo(new byte[] {1}));
            assertThat(call.endingsSoFar(), equalTo(0));
            assertThat(twilio.rejectedMessages(), greaterThanOrEqualTo(6L));
        }
    }

    @Test
    void malformedKeyPressesAreCountedAsBadInputAndTheCallGoesOn() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(START);
            var call = calls.awaitCall();
            long rejectedBefore = twilio.rejectedMessages();
            String dtmf = "{\"event\":\"dtmf\",\"streamSid\":\"MZ1\",\"sequenceNumber\":\"2\",\"dtmf\":%s}";

            try (var log = new LogCapture()) {
                client.send(dtmf.formatted("{\"track\":\"inbound_track\"}"));
                client.send(dtmf.formatted("{\"track\":\"inbound_track\",\"digit\":\"12\"}"));
                client.send(dtmf.formatted("{\"track\":\"inbound_track\",\"digit\":7}"));
                client.send(dtmf.formatted("{\"track\":\"inbound_track\",\"digit\":\"" + "19800115".repeat(2000)
                        + "\"}"));
                client.send(dtmf.formatted("{\"track\":\"inbound_track\",\"digit\":\"#\"}"));
                client.send(media("MZ1", new byte[] {1}));

                assertThat(call.awaitAudio(1), equalTo(new byte[] {1}));
                assertThat(call.digits(), equalTo(List.of("#")));
                assertThat(twilio.rejectedMessages() - rejectedBefore, equalTo(4L));
                assertThat(call.endingsSoFar(), equalTo(0));
                assertThat(log.warnings(), hasItem(containsString("dtmf 'digit' has 16000 characters instead of one key")));
                assertThat(log.lines().toString(), not(containsString("19800115")));
            }
        }
    }

    @Test
    void wrongMediaFormatClosesTheStreamWithoutAnsweringTheCall() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(START.replace("audio/x-mulaw", "audio/l16"));

            assertThat(client.closedWith.get(5, TimeUnit.SECONDS), equalTo(1003));
            assertThat(calls.noCallWithin(200), is(true));
        }
    }

    @Test
    void hangingUpClosesTheSocketNormally() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(START);
            var call = calls.awaitCall();

            call.line.hangUp(CallEndReason.AGENT_ERROR);
            call.line.play(new byte[] {1});

            assertThat(client.closedWith.get(5, TimeUnit.SECONDS), equalTo(1000));
            assertThat(client.received.isEmpty(), is(true));
        }
    }

    @Test
    void aStreamFloodingMessagesIsClosedAndItsCallEnded() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            client.send(START);
            var call = calls.awaitCall();
            try {
                for (int i = 0; i < MessageBudget.MAX_MESSAGES_PER_SECOND + 50; i++) {
                    client.send(media("MZ1", new byte[] {1}));
                }
            } catch (RuntimeException closedUnderUs) {
                // the server may close the socket while we are still sending
            }

            assertThat(call.awaitEnding(), equalTo(CallEndReason.PROTOCOL_ERROR));
            assertThat(call.audio().length, org.hamcrest.Matchers.lessThanOrEqualTo(MessageBudget.MAX_MESSAGES_PER_SECOND));
        }
    }

    @Test
    void aStreamOfGarbageIsClosedAfterTheBadMessageLimit() throws Exception {
        start(TwilioSettings.defaults(Optional.empty()));
        try (var client = TestStreamClient.connect(server.port(), "/media-stream")) {
            try {
                for (int i = 0; i <= MessageBudget.MAX_BAD_MESSAGES; i++) {
                    client.send("{garbage " + i);
                }
            } catch (RuntimeException closedUnderUs) {
                // fine: that is the point
            }

            assertThat(client.closedWith.get(5, TimeUnit.SECONDS), equalTo(1008));
            assertThat(twilio.rejectedMessages(), equalTo((long) MessageBudget.MAX_BAD_MESSAGES + 1));
        }
    }

    private static String media(String streamSid, byte[] audio) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                + "\"timestamp\":\"5\",\"payload\":\"" + Base64.getEncoder().encodeToString(audio) + "\"},"
                + "\"streamSid\":\"" + streamSid + "\"}";
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        var request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
