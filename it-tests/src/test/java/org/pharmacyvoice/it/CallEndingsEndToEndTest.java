package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How calls end, through the real server: the agent's {@code transfer_to_pharmacist} and {@code end_call}, keypad
 * 0, a failing agent; then Twilio's side (the fake follows the TwiML from {@code <Connect action>} on): the
 * pharmacist's whisper, nobody answering, the voicemail and the callback staff see, and the pharmacy closed.
 */
class CallEndingsEndToEndTest {

    private static final String PHARMACIST = "+15559990000";
    private static final String ALICES_PHONE = "+12025550101";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CONNECTING = "Connecting you to a pharmacist now. Please hold.";
    private static final String FAILED_AGENT = "We are sorry, the pharmacy assistant could not continue this call. "
            + "Please hold while we connect you to a pharmacist.";
    private static final String UNANSWERED = "All our pharmacists are busy right now. Please leave your name and "
            + "number after the tone, and a pharmacist will call you back.";
    private static final String CLOSED = "The pharmacy is closed right now. Please leave your name and number after "
            + "the tone, and a pharmacist will call you back when we open.";
    private static final String THANKS = "Thank you. A pharmacist will call you back. Goodbye.";

    @TempDir
    Path dataDir;
    private RunningPharmacy pharmacy;

    @AfterEach
    void close() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    @Test
    void theAgentTransfersAfterItsLastWordsAndThePharmacistHearsWhoAndWhyFirst() {
        open("Mon-Sun 00:00-23:59");
        String callSid;
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE).echoingMarks()) {
            callSid = call.callSid();
            call.verifyAs("Alice Moreno", "1958-04-12");
            call.requestRefill("2001001");
            JsonObject transfer = call.run("transfer_to_pharmacist", "{\"reason\":\"a question about side effects\"}");
            assertThat(transfer.getString("outcome"), equalTo("transferring"));
            call.agentSpeaks(3200);

            assertThat("the server ended the stream once the last words played", call.serverHungUp(), is(true));
            call.abandon();
        }

        List<String> steps = follow(callSid, ALICES_PHONE, TwimlFollower.Pharmacist.ANSWERS, -1);

        assertThat(steps, equalTo(List.of("dial " + PHARMACIST + " (timeout 20 s): whisper \"Verified patient Alice "
                + "Moreno. Reason: a question about side effects. Rx number discussed: 2 0 0 1 0 0 1.\": completed",
                "hangup")));
        JsonObject record = pharmacy.endedCall(callSid, WAIT);
        assertThat(record.getString("end_reason"), equalTo("TRANSFERRED"));
        JsonObject transferRun = record.getJsonArray("tool_calls").getValuesAs(JsonObject.class).stream()
                .filter(run -> run.getString("tool").equals("transfer_to_pharmacist")).findFirst().orElseThrow();
        assertThat("the model's reason may name a drug: the record keeps only that a transfer was asked for",
                transferRun.getString("arguments"), equalTo("{\"reason\":\"•••\"}"));
        assertThat(transferRun.getString("result"),
                equalTo("{\"outcome\":\"transferring\",\"next_step\":\"•••\"}"));
    }

    @Test
    void zeroOnTheKeypadTransfersAtOnceAndNobodyAnsweringLeadsToAVoicemailStaffCanCallBack() throws Exception {
        open("Mon-Sun 00:00-23:59");
        String callSid;
        try (var call = PhoneCall.from(pharmacy, "+15550123456")) {
            callSid = call.callSid();
            call.pressKeys("0#");

            assertThat(call.serverHungUp(), is(true));
            call.abandon();
        }

        List<String> steps = follow(callSid, "+15550123456", TwimlFollower.Pharmacist.NO_ANSWER, 17);

        assertThat(steps, equalTo(List.of("say: " + CONNECTING,
                "dial " + PHARMACIST + " (timeout 20 s): whisper \"Unverified caller. Reason: The caller pressed 0 "
                        + "to speak with a pharmacist.\": no-answer",
                "say: " + UNANSWERED, "record: 17 s (max 120 s)", "say: " + THANKS, "hangup")));
        JsonObject callback = callbacks().getJsonArray("callbacks").getJsonObject(0);
        assertThat(callback.getString("call_sid"), equalTo(callSid));
        assertThat(callback.getString("caller_number"), equalTo("+15550123456"));
        assertThat(callback.getString("reason"), equalTo("nobody_answered"));
        assertThat(callback.getString("recording_url"), equalTo("https://api.twilio.com/2010-04-01/Accounts/AC1/"
                + "Recordings/RE" + callSid.substring(2)));
        assertThat(callback.getInt("recording_seconds"), is(17));
        assertThat(pharmacy.endedCall(callSid, WAIT).getString("end_reason"), equalTo("TRANSFERRED"));

        HttpResponse<String> done = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        pharmacy.http("/api/callbacks/" + callback.getJsonNumber("id")))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"open\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(done.body(), done.statusCode(), is(200));
        assertThat(callbacks().getJsonArray("callbacks").size(), is(0));
    }

    @Test
    void whileThePharmacyIsClosedATransferGoesToTheVoicemailAndSilenceStillLeavesACallback() throws Exception {
        DayOfWeek notToday = LocalDate.now(ZoneId.of("America/New_York")).getDayOfWeek().plus(3);
        open(notToday.getDisplayName(TextStyle.SHORT, Locale.US) + " 09:00-10:00");
        String callSid;
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE).echoingMarks()) {
            callSid = call.callSid();
            call.run("transfer_to_pharmacist", "{}");
            call.agentSpeaks(1600);
            assertThat(call.serverHungUp(), is(true));
            call.abandon();
        }

        List<String> steps = follow(callSid, ALICES_PHONE, TwimlFollower.Pharmacist.ANSWERS, -1);

        assertThat(steps, equalTo(List.of("say: " + CLOSED, "record: nothing (max 120 s)", "redirect",
                "say: " + THANKS, "hangup")));
        JsonObject callback = callbacks().getJsonArray("callbacks").getJsonObject(0);
        assertThat(callback.getString("reason"), equalTo("closed"));
        assertThat(callback.isNull("recording_url"), is(true));
        assertThat(callback.getString("summary"), equalTo("Unverified caller."));
    }

    @Test
    void endCallHangsUpAfterTheGoodbyeHasPlayed() {
        open("Mon-Sun 00:00-23:59");
        String callSid;
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE).echoingMarks()) {
            callSid = call.callSid();
            assertThat(call.run("end_call", "{}").getString("outcome"), equalTo("ending"));
            call.agentSpeaks(2400);
            assertThat(call.serverHungUp(), is(true));
            call.abandon();
        }

        assertThat(follow(callSid, ALICES_PHONE, TwimlFollower.Pharmacist.ANSWERS, -1), equalTo(List.of("hangup")));
        assertThat(pharmacy.endedCall(callSid, WAIT).getString("end_reason"), equalTo("AGENT_ENDED_CALL"));
    }

    @Test
    void aFailingAgentStillReachesThePharmacist() {
        open("Mon-Sun 00:00-23:59");
        String callSid;
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            callSid = call.callSid();
            call.agentFails();
            assertThat(call.serverHungUp(), is(true));
            call.abandon();
        }

        assertThat(follow(callSid, ALICES_PHONE, TwimlFollower.Pharmacist.ANSWERS, -1), equalTo(List.of(
                "say: " + FAILED_AGENT, "dial " + PHARMACIST + ": completed", "end of document")));
        assertThat(pharmacy.endedCall(callSid, WAIT).getString("end_reason"), equalTo("AGENT_ERROR"));
    }

    private void open(String hours) {
        pharmacy = RunningPharmacy.start(dataDir, Map.of("pharmacist.number", PHARMACIST, "pharmacy.hours", hours));
    }

    private List<String> follow(String callSid, String from, TwimlFollower.Pharmacist pharmacist, int voicemail) {
        var follower = new TwimlFollower(URI.create("http://127.0.0.1:" + pharmacy.server.port() + "/"),
                Optional.empty(), callSid, from).pharmacist(pharmacist);
        if (voicemail >= 0) {
            follower.leavesVoicemail(voicemail);
        }
        return follower.afterStream("/after-stream");
    }

    private JsonObject callbacks() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(pharmacy.http("/api/callbacks")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), is(200));
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
