package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pharmacyvoice.domain.notification.AnswerPlan;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallProgress;
import org.pharmacyvoice.domain.outbound.port.in.PlacedCallUseCase;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * Twilio's webhooks of a call the pharmacy placed, on a real server with request validation on: the answer is TwiML
 * byte for byte (the agent's stream, or words and a hang-up), detection and progress reach the use case with the
 * attempt from the signed address, and whatever is unsigned, malformed or oversized reaches nothing.
 */
class PlacedCallWebhooksTest {

    private static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC = "https://pharmacy.example.com";
    private static final String SID = "CA0123456789abcdef0123456789abcdef";
    private static final String PATIENT = "+15551234567";
    private static final String PHARMACY = "+15559870000";
    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String ANSWER = "/outbound/answer?notification=17&attempt=2";
    private static final String MACHINE = "/outbound/machine?notification=17&attempt=2";
    private static final String STATUS = "/outbound/status?notification=17&attempt=2";
    private static final Map<String, String> ANSWERED = Map.of("CallSid", SID, "From", PHARMACY, "To", PATIENT,
            "Direction", "outbound-api", "CallStatus", "in-progress", "AccountSid", "AC1");
    private static final Pattern EARLIER_REFUSALS = Pattern.compile("WARNING refused [0-9]+ more requests .*");
    private static final Pattern TOKEN = Pattern.compile("<Parameter name=\"streamToken\" value=\"([^\"]+)\"/>");

    private final TwilioSignature signer = new TwilioSignature(AUTH_TOKEN);
    private final RecordingPhoneCalls calls = new RecordingPhoneCalls();
    private final ScriptedPlacedCalls placedCalls = new ScriptedPlacedCalls();
    private final TwilioSettings settings = TwilioSettings.defaults(Optional.of(URI.create(PUBLIC)))
            .withAuthToken(Optional.of(AUTH_TOKEN));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TwilioTestServer server = started(TwilioTestServer.start(settings, calls, placedCalls));

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    @Test
    void anAnsweredCallTheAgentTakesGetsTheInboundStreamTwimlWithThePatientAsTheCaller() throws Exception {
        placedCalls.plan = new AnswerPlan.Connect("This is Main Street Pharmacy with a message for Dana.");

        HttpResponse<String> response = signedPost(ANSWER, ANSWERED);

        assertThat(response.statusCode(), equalTo(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), equalTo("text/xml; charset=UTF-8"));
        String token = token(response.body());
        assertThat(token, matchesPattern("[A-Za-z0-9_-]{75}"));
        assertThat(response.body(), equalTo(HEADER + """
                <Response>
                  <Connect action="/after-stream" method="POST">
                    <Stream url="wss://pharmacy.example.com/media-stream">
                      <Parameter name="From" value="+15551234567"/>
                      <Parameter name="To" value="+15559870000"/>
                      <Parameter name="CallSid" value="%s"/>
                      <Parameter name="streamToken" value="%s"/>
                    </Stream>
                  </Connect>
                  <Say>We are sorry, the pharmacy assistant could not continue this call. Please call again later.</Say>
                  <Hangup/>
                </Response>
                """.formatted(SID, token)));
        assertThat(placedCalls.told, contains("answered 17 2 " + SID));
    }

    @Test
    void theStreamOfAPlacedCallIsAcceptedWithoutAVoiceWebhookAndCarriesTheSameCallSid() throws Exception {
        placedCalls.plan = new AnswerPlan.Connect("words");
        String token = token(signedPost(ANSWER, ANSWERED).body());
        var stream = TestStreamClient.connect(server.port(), "/media-stream",
                Map.of("x-twilio-signature", signer.sign("wss://pharmacy.example.com/media-stream", Map.of())));
        closing.add(stream);

        // As Twilio sends it for an outbound-api call: the placed call's SID, our parameters back.
        stream.send("""
                {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","streamSid":"MZ1","callSid":"%s",
                 "tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
                 "customParameters":{"From":"%s","To":"%s","CallSid":"%s","streamToken":"%s"}},
                 "streamSid":"MZ1"}""".formatted(SID, PATIENT, PHARMACY, SID, token));

        assertThat(calls.awaitCall().context, equalTo(new CallContext(SID, "MZ1", PATIENT, PHARMACY)));
    }

    @Test
    void whenThisServerAdmitsNoNewCallThePersonHearsTheFallbackWordsAndTheCallEnds() throws Exception {
        placedCalls.plan = new AnswerPlan.Connect("Main Street Pharmacy & co. has a message for Dana.");
        calls.admission = Admission.BUSY;
        try (var log = new LogCapture()) {

            HttpResponse<String> response = signedPost(ANSWER, ANSWERED);

            assertThat(response.statusCode(), equalTo(200));
            assertThat(response.body(), equalTo(HEADER + "<Response>\n  <Say>Main Street Pharmacy &amp; co. has a "
                    + "message for Dana.</Say>\n  <Hangup/>\n</Response>\n"));
            assertThat(warnings(log), contains("WARNING [" + SID + "] notification 17 attempt 2 answered, but no "
                    + "agent can take it (BUSY): the person hears the message and the call ends"));
        }
    }

    @Test
    void aHangUpSaysItsWordsOrNothingAndLogsWhyWithoutTheWords() throws Exception {
        try (var log = new LogCapture()) {
            placedCalls.plan = new AnswerPlan.HangUp("Goodbye <Dana> & thanks.", "the notification was cancelled");
            String withWords = signedPost(ANSWER, ANSWERED).body();
            placedCalls.plan = new AnswerPlan.HangUp("", "attempt 2 of notification 17 is not the book's");
            String silent = signedPost(ANSWER, ANSWERED).body();

            assertThat(withWords, equalTo(HEADER + "<Response>\n  <Say>Goodbye &lt;Dana&gt; &amp; thanks.</Say>\n"
                    + "  <Hangup/>\n</Response>\n"));
            assertThat(silent, equalTo(HEADER + "<Response>\n  <Hangup/>\n</Response>\n"));
            assertThat(lines(log), contains(
                    "INFO [" + SID + "] notification 17 attempt 2 answered: ending it: the notification was cancelled",
                    "INFO [" + SID + "] notification 17 attempt 2 answered: ending it: attempt 2 of notification 17 "
                            + "is not the book's"));
        }
    }

    @Test
    void aFailingUseCaseOnAnswerGivesTheApologyAndAnErrorLineNotAStackTrace() throws Exception {
        placedCalls.failing = true;
        try (var log = new LogCapture()) {

            HttpResponse<String> response = signedPost(ANSWER, ANSWERED);

            assertThat(response.statusCode(), equalTo(200));
            assertThat(response.body(), equalTo(HEADER + "<Response>\n  <Say>We are sorry, the pharmacy assistant "
                    + "could not continue this call. Please call again later.</Say>\n  <Hangup/>\n</Response>\n"));
            assertThat(warnings(log), contains("SEVERE [" + SID + "] notification 17 attempt 2: deciding what the "
                    + "answered call does failed, the person hears the apology: java.lang.IllegalStateException: "
                    + "the book is closed"));
        }
    }

    @ParameterizedTest(name = "AnsweredBy {0} is {1}")
    @CsvSource({"human, PERSON", "machine_start, MACHINE", "machine_end_beep, MACHINE",
        "machine_end_silence, MACHINE", "machine_end_other, MACHINE", "fax, FAX", "unknown, UNKNOWN"})
    void whoAnsweredIsPassedOnWithTheAttemptAndAnswered204(String answeredBy, Answerer answerer) throws Exception {
        try (var log = new LogCapture()) {

            HttpResponse<String> response = signedPost(MACHINE, Map.of("CallSid", SID, "AnsweredBy", answeredBy,
                    "MachineDetectionDuration", "4210"));

            assertThat(response.statusCode(), equalTo(204));
            assertThat(response.body(), equalTo(""));
            assertThat(placedCalls.told, contains("answeredBy 17 2 " + SID + " " + answerer));
            assertThat(warnings(log), empty());
        }
    }

    @Test
    void anAnsweredByTwilioDoesNotDocumentIsUnknownWithAWarning() throws Exception {
        try (var log = new LogCapture()) {

            int newValue = signedPost(MACHINE, Map.of("CallSid", SID, "AnsweredBy", "robot\nINFO forged")).statusCode();
            int missing = signedPost(MACHINE, Map.of("CallSid", SID)).statusCode();

            assertThat(List.of(newValue, missing), contains(204, 204));
            assertThat(placedCalls.told, contains("answeredBy 17 2 " + SID + " UNKNOWN",
                    "answeredBy 17 2 " + SID + " UNKNOWN"));
            assertThat(warnings(log), contains(
                    "WARNING [" + SID + "] notification 17 attempt 2: AnsweredBy 'robot?INFO forged' is not one "
                            + "Twilio documents; taken as unknown",
                    "WARNING [" + SID + "] notification 17 attempt 2: AnsweredBy '' is not one Twilio documents; "
                            + "taken as unknown"));
        }
    }

    @ParameterizedTest(name = "CallStatus {0}")
    @CsvSource({"queued, QUEUED", "initiated, INITIATED", "ringing, RINGING", "in-progress, IN_PROGRESS",
        "completed, COMPLETED", "busy, BUSY", "no-answer, NO_ANSWER", "failed, FAILED", "canceled, CANCELED"})
    void theProgressIsPassedOnToTheAttemptAndTheCallRecordAndAnswered204(String status, CallProgress progress)
            throws Exception {
        HttpResponse<String> response = signedPost(STATUS, Map.of("CallSid", SID, "CallStatus", status,
                "CallDuration", "31"));

        assertThat(response.statusCode(), equalTo(204));
        assertThat(placedCalls.told, contains("progressed 17 2 " + SID + " " + progress));
        assertThat(calls.statusReports(), contains(SID + " " + status + " OptionalInt[31]"));
    }

    @Test
    void anUnknownCallStatusIsLoggedAndIgnoredWith204() throws Exception {
        try (var log = new LogCapture()) {

            HttpResponse<String> response = signedPost(STATUS, Map.of("CallSid", SID, "CallStatus", "teleported"));

            assertThat(response.statusCode(), equalTo(204));
            assertThat(placedCalls.told, empty());
            assertThat(calls.statusReports(), empty());
            assertThat(warnings(log), contains("WARNING [" + SID + "] notification 17 attempt 2: ignored CallStatus "
                    + "'teleported', not one Twilio documents"));
        }
    }

    @Test
    void aFailingUseCaseOnACallbackGets500WithoutABodyAndAnErrorLine() throws Exception {
        placedCalls.failing = true;
        try (var log = new LogCapture()) {

            HttpResponse<String> machine = signedPost(MACHINE, Map.of("CallSid", SID, "AnsweredBy", "human"));
            HttpResponse<String> status = signedPost(STATUS, Map.of("CallSid", SID, "CallStatus", "completed"));

            assertThat(List.of(machine.statusCode(), status.statusCode()), contains(500, 500));
            assertThat(machine.body() + status.body(), equalTo(""));
            assertThat(calls.statusReports(), empty());
            assertThat(warnings(log), contains(
                    "SEVERE [" + SID + "] notification 17 attempt 2: passing on who answered failed: "
                            + "java.lang.IllegalStateException: the book is closed",
                    "SEVERE [" + SID + "] notification 17 attempt 2: passing on the call's progress failed: "
                            + "java.lang.IllegalStateException: the book is closed"));
        }
    }

    @ParameterizedTest(name = "query [{0}]")
    @ValueSource(strings = {"", "?attempt=2", "?notification=17", "?notification=0&attempt=2",
        "?notification=-17&attempt=2", "?notification=1e3&attempt=2", "?notification=abc&attempt=2",
        "?notification=17&attempt=0", "?notification=17&attempt=2147483648",
        "?notification=1234567890123456789&attempt=2", "?notification=17&notification=18&attempt=2",
        "?notification=17&attempt=2&attempt=3", "?notification=%2B17&attempt=2", "?notification=17%00&attempt=2"})
    void aSignedRequestWithoutOneGoodNotificationAndAttemptGets400AndReachesNothing(String query) throws Exception {
        for (String path : List.of("/outbound/answer", "/outbound/machine", "/outbound/status")) {
            HttpResponse<String> response = signedPost(path + query, Map.of("CallSid", SID, "AnsweredBy", "human",
                    "CallStatus", "completed"));

            assertThat(path + query, response.statusCode(), equalTo(400));
        }
        assertThat(placedCalls.told, empty());
        assertThat(calls.statusReports(), empty());
    }

    @Test
    void theReasonForA400IsLoggedOnOneShortLine() throws Exception {
        String huge = "9".repeat(3000);
        try (var log = new LogCapture()) {

            signedPost("/outbound/answer?notification=" + huge + "&attempt=2", ANSWERED);
            signedPost("/outbound/status?notification=17&attempt=2", Map.of("CallSid", "CA1\nforged",
                    "CallStatus", "completed"));
            signedPost("/outbound/machine?notification=17&attempt=x", Map.of("CallSid", SID));

            assertThat(warnings(log), contains(
                    "WARNING refused an outbound answer request: notification '" + "9".repeat(40) + "...' is not "
                            + "one notification id",
                    "WARNING refused an outbound status request: CallSid 'CA1?forged' is not a CallSid",
                    "WARNING refused an outbound machine request: attempt 'x' is not one attempt number"));
        }
    }

    @Test
    void aMalformedEscapeInTheQueryGets400NotAServerError() throws Exception {
        assertThat(rawPost("/outbound/status?notification=%zz&attempt=2"), equalTo("HTTP/1.1 400 Bad Request"));
        assertThat(placedCalls.told, empty());
    }

    @Test
    void unsignedMisSignedOrOversizedRequestsAreRefusedLikeEveryOtherWebhookAndReachNothing() throws Exception {
        String form = "CallSid=" + SID + "&AnsweredBy=machine_end_beep&CallStatus=completed";
        for (String path : List.of(ANSWER, MACHINE, STATUS)) {
            assertThat(path + " unsigned", post(path, form, null).statusCode(), equalTo(403));
            // Signed for another notification: the address is what vouches for the attempt.
            String otherNotification = signer.sign(PUBLIC + path.replace("notification=17", "notification=18"),
                    Map.of("CallSid", List.of(SID), "AnsweredBy", List.of("machine_end_beep"),
                            "CallStatus", List.of("completed")));
            assertThat(path + " mis-signed", post(path, form, otherNotification).statusCode(), equalTo(403));
            assertThat(path + " oversized", declaringABodyOf(20_000, path),
                    equalTo("HTTP/1.1 413 Request Entity Too Large"));
        }
        assertThat(placedCalls.told, empty());
        assertThat(calls.statusReports(), empty());
    }

    @Test
    void aServerThatPlacesNoCallsAnswersTheirWebhooks404() throws Exception {
        server = started(TwilioTestServer.start(settings, calls));
        try (var log = new LogCapture()) {

            for (String path : List.of(ANSWER, MACHINE, STATUS)) {
                assertThat(path, signedPost(path, ANSWERED).statusCode(), equalTo(404));
            }
            assertThat(warnings(log), hasItem("WARNING answered POST /outbound/answer with 404: this server places "
                    + "no calls (outbound calls are not configured)"));
        }
        assertThat(calls.statusReports(), empty());
    }

    @Test
    void noLogLineCarriesThePatientsNumberOrTheWordsSaid() throws Exception {
        try (var log = new LogCapture()) {
            placedCalls.plan = new AnswerPlan.HangUp("A message for Dana Whitfield.", "opted out");
            signedPost(ANSWER, ANSWERED);
            placedCalls.plan = new AnswerPlan.Connect("A message for Dana Whitfield.");
            signedPost(ANSWER, ANSWERED);
            calls.admission = Admission.AGENT_DOWN;
            signedPost(ANSWER, ANSWERED);

            assertThat(lines(log).size(), equalTo(3));
            for (String line : lines(log)) {
                assertThat(line, not(containsString(PATIENT)));
                assertThat(line, not(containsString("Dana")));
            }
        }
    }

    /**
     * The lines logged, but for the sum-up of an earlier test's refusals: a refusal log writes it once its second is
     * over, which may be during the next test.
     */
    private static List<String> lines(LogCapture log) {
        return log.lines().stream().filter(line -> !EARLIER_REFUSALS.matcher(line).matches()).toList();
    }

    private static List<String> warnings(LogCapture log) {
        return log.warnings().stream().filter(line -> !EARLIER_REFUSALS.matcher(line).matches()).toList();
    }

    private TwilioTestServer started(TwilioTestServer started) {
        closing.add(started);
        return started;
    }

    private HttpResponse<String> signedPost(String pathAndQuery, Map<String, String> form) throws Exception {
        return server.signedPost(signer, PUBLIC, pathAndQuery, form);
    }

    private HttpResponse<String> post(String pathAndQuery, String form, String signature) throws Exception {
        return server.post(pathAndQuery, form, signature);
    }

    /** A signed POST over a raw socket, for a target no URI class would build; the status line. */
    private String rawPost(String target) throws Exception {
        String form = "CallSid=" + SID + "&CallStatus=completed";
        String signature = signer.sign(PUBLIC + target, Map.of("CallSid", List.of(SID),
                "CallStatus", List.of("completed")));
        return statusLine(target, signature, form.length(), form);
    }

    /**
     * The status line for a POST whose headers declare a body of {@code length} bytes, none of which is sent: the
     * gate must answer from the headers alone (and a client still sending would race the server's close).
     */
    private String declaringABodyOf(int length, String target) throws Exception {
        return statusLine(target, "c2lnbmVk", length, "");
    }

    private String statusLine(String target, String signature, int length, String body) throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            String request = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: " + signature + "\r\n"
                    + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static String token(String twiml) {
        Matcher matcher = TOKEN.matcher(twiml);
        if (!matcher.find()) {
            throw new AssertionError("no stream token in " + twiml);
        }
        return matcher.group(1);
    }

    /** The domain's side of placed calls: answers with the plan the test sets, notes what it was told. */
    private static final class ScriptedPlacedCalls implements PlacedCallUseCase {
        final List<String> told = new CopyOnWriteArrayList<>();
        volatile AnswerPlan plan = new AnswerPlan.HangUp("", "no plan set");
        volatile boolean failing;

        @Override
        public AnswerPlan answered(long notificationId, int attempt, String callSid) {
            fail();
            told.add("answered " + notificationId + " " + attempt + " " + callSid);
            return plan;
        }

        @Override
        public void answeredBy(long notificationId, int attempt, String callSid, Answerer answerer) {
            fail();
            told.add("answeredBy " + notificationId + " " + attempt + " " + callSid + " " + answerer);
        }

        @Override
        public void progressed(long notificationId, int attempt, String callSid, CallProgress progress) {
            fail();
            told.add("progressed " + notificationId + " " + attempt + " " + callSid + " " + progress);
        }

        private void fail() {
            if (failing) {
                throw new IllegalStateException("the book is closed");
            }
        }
    }
}
