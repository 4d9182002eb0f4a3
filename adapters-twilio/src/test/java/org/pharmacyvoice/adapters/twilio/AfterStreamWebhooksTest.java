package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.frontdesk.port.in.AfterStreamUseCase;
import org.pharmacyvoice.domain.telephony.AfterStream;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.DialOutcome;

/**
 * Twilio's requests after a call's stream, on a real server with request validation on: each is answered with the
 * TwiML of what the front desk decided, byte for byte, and refused unsigned, mis-signed or without a CallSid.
 */
class AfterStreamWebhooksTest {

    private static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC = "https://pharmacy.example.com";
    private static final String SID = "CA0123456789abcdef0123456789abcdef";
    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private final TwilioSignature signer = new TwilioSignature(AUTH_TOKEN);
    private final ScriptedDesk desk = new ScriptedDesk();
    private final TwilioSettings settings = TwilioSettings.defaults(Optional.of(URI.create(PUBLIC)))
            .withAuthToken(Optional.of(AUTH_TOKEN)).withPharmacist(Optional.of("+15559990000"));
    private final TwilioTestServer server = TwilioTestServer.start(settings, new RecordingPhoneCalls(), desk);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aTransferRingsThePharmacistWithTheWhisperAndTheDialActionAnnouncedWhenAsked() throws Exception {
        desk.next = new AfterStream.Transfer("+15559990000", SID, "Connecting you & holding.");

        HttpResponse<String> response = signedPost("/after-stream", Map.of("CallSid", SID, "From", "+15551234567",
                "CallStatus", "in-progress"));

        assertThat(response.statusCode(), equalTo(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), equalTo("text/xml; charset=UTF-8"));
        assertThat(response.body(), equalTo(HEADER + """
                <Response>
                  <Say>Connecting you &amp; holding.</Say>
                  <Dial action="/dial-done" method="POST" timeout="20">
                    <Number url="/whisper?call=%s" method="POST">+15559990000</Number>
                  </Dial>
                </Response>
                """.formatted(SID)));
        assertThat(desk.asked, contains("afterStream " + SID + " +15551234567"));
    }

    @Test
    void theVoicemailRecordsABoundedMessageAndFilesTheCallbackEvenWhenNothingWasSaid() throws Exception {
        desk.next = new AfterStream.Voicemail("Leave a <message> & we call back.", Callback.Reason.CLOSED);

        String twiml = signedPost("/after-stream", Map.of("CallSid", SID, "From", "+15551234567")).body();

        assertThat(twiml, equalTo(HEADER + """
                <Response>
                  <Say>Leave a &lt;message&gt; &amp; we call back.</Say>
                  <Record action="/voicemail-done?reason=closed" method="POST" maxLength="120" playBeep="true" \
                finishOnKey="#" trim="trim-silence"/>
                  <Redirect method="POST">/voicemail-done?reason=closed</Redirect>
                </Response>
                """));
    }

    @Test
    void theWhisperSaysTheSummaryOfTheCallNamedInItsUrl() throws Exception {
        desk.whisper = "Verified patient Dana Whitfield & co.";

        HttpResponse<String> response = signedPost("/whisper?call=" + SID, Map.of("CallSid", "CAchildleg",
                "ParentCallSid", SID));

        assertThat(response.body(), equalTo(HEADER + "<Response>\n  <Say>Verified patient Dana Whitfield &amp; co."
                + "</Say>\n</Response>\n"));
        assertThat(desk.asked, contains("whisper " + SID));
    }

    @ParameterizedTest(name = "DialCallStatus {0} is {1}")
    @CsvSource({"completed, ANSWERED", "answered, ANSWERED", "busy, BUSY", "no-answer, NO_ANSWER",
        "canceled, CANCELED", "failed, FAILED", "something-new, FAILED"})
    void howRingingThePharmacistEndedIsPassedOn(String status, DialOutcome outcome) throws Exception {
        desk.next = new AfterStream.HangUp("");

        String twiml = signedPost("/dial-done", Map.of("CallSid", SID, "DialCallStatus", status)).body();

        assertThat(twiml, equalTo(HEADER + "<Response>\n  <Hangup/>\n</Response>\n"));
        assertThat(desk.asked, contains("dialEnded " + SID + " " + outcome));
    }

    @Test
    void aVoicemailBecomesACallbackWithItsRecordingAndAnEmptyOneWithout() throws Exception {
        desk.next = new AfterStream.HangUp("Thank you. Goodbye.");

        String twiml = signedPost("/voicemail-done?reason=nobody_answered", Map.of("CallSid", SID,
                "From", "+15551234567", "RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
                "RecordingDuration", "17")).body();
        signedPost("/voicemail-done?reason=closed", Map.of("CallSid", SID, "From", "+15551234567"));
        signedPost("/voicemail-done?reason=closed", Map.of("CallSid", SID, "From", "+15551234567",
                "RecordingUrl", "javascript:alert(1)", "RecordingDuration", "-4"));

        assertThat(twiml, equalTo(HEADER + "<Response>\n  <Say>Thank you. Goodbye.</Say>\n  <Hangup/>\n</Response>\n"));
        assertThat(desk.asked, contains(
                "voicemail " + SID + " +15551234567 NOBODY_ANSWERED "
                        + "Optional[https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1] 17",
                "voicemail " + SID + " +15551234567 CLOSED Optional.empty 0",
                "voicemail " + SID + " +15551234567 CLOSED Optional.empty 0"));
    }

    @Test
    void onACallThePharmacyPlacedThePersonIsTheNumberItRangNotItsOwnCallerId() throws Exception {
        desk.next = new AfterStream.HangUp("");
        Map<String, String> placed = Map.of("CallSid", SID, "From", "+15559870000", "To", "+15551234567",
                "Direction", "outbound-api");

        signedPost("/after-stream", placed);
        signedPost("/voicemail-done?reason=closed", placed);
        signedPost("/after-stream", Map.of("CallSid", SID, "From", "+15551230000", "To", "+15559870000",
                "Direction", "inbound"));

        assertThat(desk.asked, contains("afterStream " + SID + " +15551234567",
                "voicemail " + SID + " +15551234567 CLOSED Optional.empty 0",
                "afterStream " + SID + " +15551230000"));
    }

    @Test
    void aCallerWhoHungUpGetsAHangUpWithoutAskingTheFrontDesk() throws Exception {
        String twiml = signedPost("/after-stream", Map.of("CallSid", SID, "CallStatus", "completed")).body();

        assertThat(twiml, equalTo(HEADER + "<Response>\n  <Hangup/>\n</Response>\n"));
        assertThat(desk.asked, empty());
    }

    @Test
    void unsignedMisSignedAndSidlessRequestsAreRefusedAndNothingIsDecided() throws Exception {
        for (String path : List.of("/after-stream", "/whisper?call=" + SID, "/dial-done",
                "/voicemail-done?reason=closed")) {
            String form = "CallSid=" + SID + "&From=%2B15551234567&DialCallStatus=busy";
            assertThat(path + " unsigned", post(path, form, null).statusCode(), equalTo(403));
            assertThat(path + " mis-signed", post(path, form, signer.sign(PUBLIC + "/other",
                    Map.of())).statusCode(), equalTo(403));
        }
        assertThat(signedPost("/after-stream", Map.of("CallSid", "CA1'; DROP")).statusCode(), equalTo(400));
        assertThat(signedPost("/whisper?call=nope", Map.of()).statusCode(), equalTo(400));
        assertThat(signedPost("/voicemail-done?reason=bogus", Map.of("CallSid", SID)).statusCode(), equalTo(400));
        assertThat(desk.asked, empty());
    }

    private HttpResponse<String> signedPost(String pathAndQuery, Map<String, String> form) throws Exception {
        return server.signedPost(signer, PUBLIC, pathAndQuery, form);
    }

    private HttpResponse<String> post(String pathAndQuery, String form, String signature) throws Exception {
        return server.post(pathAndQuery, form, signature);
    }

    /** A front desk that answers what the test says and notes what it was asked. */
    private static final class ScriptedDesk implements AfterStreamUseCase {
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile AfterStream next = new AfterStream.Fallback();
        volatile String whisper = "";

        @Override
        public AfterStream afterStream(String callSid, String callerNumber) {
            asked.add("afterStream " + callSid + " " + callerNumber);
            return next;
        }

        @Override
        public AfterStream dialEnded(String callSid, DialOutcome outcome) {
            asked.add("dialEnded " + callSid + " " + outcome);
            return next;
        }

        @Override
        public AfterStream voicemailLeft(String callSid, String callerNumber, Callback.Reason reason,
                                         Optional<String> recordingUrl, int recordingSeconds) {
            asked.add("voicemail " + callSid + " " + callerNumber + " " + reason + " " + recordingUrl + " "
                    + recordingSeconds);
            return next;
        }

        @Override
        public String whisper(String callSid) {
            asked.add("whisper " + callSid);
            return whisper;
        }
    }
}
