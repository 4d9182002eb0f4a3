package org.pharmacyvoice.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.twilio.TwilioRestSettings;
import org.pharmacyvoice.adapters.twilio.TwilioSettings;
import org.pharmacyvoice.adapters.twilio.TwilioVoice;
import org.pharmacyvoice.domain.outbound.port.out.CallAttempt;
import org.pharmacyvoice.domain.outbound.port.out.CallCheck;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;
import org.pharmacyvoice.it.fakes.FakeTwilioRest;
import org.pharmacyvoice.it.fakes.FakeTwilioRest.Fault;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Twilio call placer against the fake Twilio REST server: parameters, credentials, retries, no double calls; and
 * ending a live call with its last words, retried as it is safe to repeat, never logging the words.
 */
class TwilioCallPlacerTest {

    private static final String PATIENT = "+15551234567";
    private static final String MASKED = "+1******4567";
    private static final String PHARMACY = "+15559870000";
    private static final CallRequest REQUEST = new CallRequest(PATIENT, PHARMACY, Duration.ofSeconds(25), 17, 1);
    /** PUBLIC_URL: the webhooks of placed calls are addressed under it. */
    private static final URI PUBLIC_URL = URI.create("https://voice.example.com/");
    private static final String WRONG_TOKEN = "wrong-token-0123456789";
    /** What a machine hears: the patient's first name, which must reach Twilio and no log line. */
    private static final String VOICEMAIL = "This is Main Street Pharmacy with a message for Dana & Lee. "
            + "Please call us back at <555> 987-0000.";
    private static final String VOICEMAIL_TWIML = "<Response><Say>This is Main Street Pharmacy with a message for "
            + "Dana &amp; Lee. Please call us back at &lt;555&gt; 987-0000.</Say><Hangup/></Response>";

    private final FakeTwilioRest twilio = FakeTwilioRest.start();
    private final CapturedLog log = new CapturedLog("org.pharmacyvoice.adapters.twilio");

    @AfterEach
    void stop() {
        log.close();
        twilio.close();
        for (String line : log.lines()) {
            // Whatever the test did, no secret in any form and no whole patient number reaches the log.
            for (String secret : List.of(FakeTwilioRest.AUTH_TOKEN, FakeTwilioRest.API_KEY_SECRET, WRONG_TOKEN,
                    basic(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN), basic(FakeTwilioRest.ACCOUNT_SID,
                            WRONG_TOKEN), basic(FakeTwilioRest.API_KEY_SID, FakeTwilioRest.API_KEY_SECRET))) {
                assertThat(line, not(containsString(secret)));
            }
            assertThat(line, not(containsString(PATIENT)));
            assertThat(line, not(containsString("Dana")));
        }
    }

    @Test
    void places_a_call_with_exactly_the_parameters_twilio_documents() {
        CallAttempt attempt = network(settings()).placeCall(REQUEST);

        CallAttempt.Placed placed = assertInstanceOf(CallAttempt.Placed.class, attempt);
        assertThat(twilio.createdCalls(), hasSize(1));
        assertEquals(twilio.createdCalls().get(0).sid(), placed.callSid());
        FakeTwilioRest.Received request = twilio.createRequests().get(0);
        assertEquals("/2010-04-01/Accounts/" + FakeTwilioRest.ACCOUNT_SID + "/Calls.json", request.path());
        assertEquals(Map.ofEntries(
                Map.entry("To", List.of(PATIENT)),
                Map.entry("From", List.of(PHARMACY)),
                Map.entry("Url", List.of("https://voice.example.com/outbound/answer?notification=17&attempt=1")),
                Map.entry("Method", List.of("POST")),
                Map.entry("StatusCallback",
                        List.of("https://voice.example.com/outbound/status?notification=17&attempt=1")),
                Map.entry("StatusCallbackEvent", List.of("initiated", "ringing", "answered", "completed")),
                Map.entry("StatusCallbackMethod", List.of("POST")),
                Map.entry("MachineDetection", List.of("DetectMessageEnd")),
                Map.entry("AsyncAmd", List.of("true")),
                Map.entry("AsyncAmdStatusCallback",
                        List.of("https://voice.example.com/outbound/machine?notification=17&attempt=1")),
                Map.entry("AsyncAmdStatusCallbackMethod", List.of("POST")),
                Map.entry("Timeout", List.of("25"))), request.parameters());
        assertThat(twilio.mistakes(), is(empty()));
        assertThat(log.lines(), hasItem(containsString("placed call " + placed.callSid() + " to " + MASKED)));
    }

    @Test
    void an_api_key_authenticates_as_well_as_the_auth_token() {
        TwilioRestSettings withKey = TwilioRestSettings.withApiKey(FakeTwilioRest.ACCOUNT_SID,
                FakeTwilioRest.API_KEY_SID, FakeTwilioRest.API_KEY_SECRET).withApiBase(twilio.apiBase())
                .withRetries(Duration.ofSeconds(5), 2, Duration.ofMillis(10), Duration.ofSeconds(5));

        assertInstanceOf(CallAttempt.Placed.class, network(withKey).placeCall(REQUEST));
        assertEquals(Optional.of(FakeTwilioRest.API_KEY_SID), twilio.createRequests().get(0).username());
    }

    @Test
    void bad_credentials_are_refused_at_once_with_a_clear_log_line() {
        TwilioRestSettings wrong = TwilioRestSettings.withAuthToken(FakeTwilioRest.ACCOUNT_SID, WRONG_TOKEN)
                .withApiBase(twilio.apiBase())
                .withRetries(Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(5));

        CallAttempt attempt = network(wrong).placeCall(REQUEST);

        CallAttempt.Refused refused = assertInstanceOf(CallAttempt.Refused.class, attempt);
        assertEquals(false, refused.retryable());
        assertThat(refused.reason(), containsString("401 code 20003: Authenticate"));
        assertThat(twilio.requests(), hasSize(1));
        assertThat(twilio.createdCalls(), is(empty()));
        assertThat(log.lines(), hasItem(containsString("ERROR org.pharmacyvoice.adapters.twilio.TwilioCallPlacer"
                + " [notification-17-attempt-1] call to " + MASKED + ": Twilio refused the call (401 code 20003:"
                + " Authenticate): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")));
        assertThat(refused.reason(), not(containsString(WRONG_TOKEN)));
    }

    @Test
    void a_number_twilio_rejects_is_refused_without_retry_and_the_number_stays_masked() {
        CallRequest badNumber = new CallRequest("5551234567", PHARMACY, REQUEST.ringTimeout(), 18, 1);

        CallAttempt attempt = network(settings()).placeCall(badNumber);

        CallAttempt.Refused refused = assertInstanceOf(CallAttempt.Refused.class, attempt);
        assertEquals(false, refused.retryable());
        assertThat(refused.reason(), containsString("400 code 21211"));
        assertThat(refused.reason(), not(containsString("5551234567")));
        assertThat(twilio.requests(), hasSize(1));
        for (String line : log.lines()) {
            assertThat(line, not(containsString("5551234567")));
        }
    }

    @Test
    void a_429_is_retried_after_its_retry_after_and_creates_exactly_one_call() {
        twilio.failNextCreates(1, Fault.tooManyRequests(Optional.of(Duration.ofSeconds(1))));

        long started = System.nanoTime();
        CallAttempt attempt = network(settings()).placeCall(REQUEST);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        CallAttempt.Placed placed = assertInstanceOf(CallAttempt.Placed.class, attempt);
        assertThat(twilio.createdCalls(), hasSize(1));
        assertEquals(twilio.createdCalls().get(0).sid(), placed.callSid());
        assertThat(twilio.createRequests(), hasSize(2));
        // The backoff is 10 ms: only honouring Retry-After explains a wait of a second.
        assertTrue(took.toMillis() >= 1000, "waited " + took.toMillis() + " ms");
        // A 429 creates nothing, so there is nothing to look for: no list request.
        assertEquals(List.of("POST", "POST"), twilio.requests().stream().map(FakeTwilioRest.Received::method).toList());
        assertThat(log.lines(), hasItem(containsString("Twilio is rate limiting (429 code 20429: Too Many Requests),"
                + " retrying in 1000 ms (try 1 of 4)")));
    }

    @Test
    void a_retry_after_longer_than_the_cap_ends_the_attempt_as_unreachable() {
        twilio.failNextCreates(1, Fault.tooManyRequests(Optional.of(Duration.ofSeconds(120))));

        CallAttempt attempt = network(settings()).placeCall(REQUEST);

        CallAttempt.Unreachable unreachable = assertInstanceOf(CallAttempt.Unreachable.class, attempt);
        assertEquals(false, unreachable.maybePlaced());
        assertThat(twilio.requests(), hasSize(1));
        assertThat(twilio.createdCalls(), is(empty()));
    }

    @Test
    void two_500s_then_success_look_for_the_call_before_each_retry_and_place_it_once() {
        twilio.failNextCreates(2, Fault.serverError(500));

        CallAttempt attempt = network(settings()).placeCall(REQUEST);

        CallAttempt.Placed placed = assertInstanceOf(CallAttempt.Placed.class, attempt);
        assertThat(twilio.createdCalls(), hasSize(1));
        assertEquals(twilio.createdCalls().get(0).sid(), placed.callSid());
        assertEquals(List.of("POST", "GET", "POST", "GET", "POST"),
                twilio.requests().stream().map(FakeTwilioRest.Received::method).toList());
        assertEquals(Optional.of(PATIENT), twilio.requests().get(1).first("To"));
    }

    @Test
    void a_500_after_twilio_created_the_call_is_not_retried_into_a_second_call() {
        twilio.failNextCreates(1, Fault.createdThenServerError(500));

        CallAttempt attempt = network(settings()).placeCall(REQUEST);

        CallAttempt.Placed placed = assertInstanceOf(CallAttempt.Placed.class, attempt);
        assertThat(twilio.createdCalls(), hasSize(1));
        assertEquals(twilio.createdCalls().get(0).sid(), placed.callSid());
        assertThat(twilio.createRequests(), hasSize(1));
        assertThat(log.lines(), hasItem(containsString("Twilio had placed call " + placed.callSid() + " to " + MASKED
                + " after all")));
    }

    @Test
    void the_lookup_waits_the_backoff_so_a_call_slow_to_show_in_the_list_is_still_found() {
        twilio.failNextCreates(1, Fault.createdThenServerError(500)).listLag(Duration.ofMillis(300));
        TwilioRestSettings patient = settings().withRetries(Duration.ofSeconds(5), 3, Duration.ofMillis(800),
                Duration.ofSeconds(5));

        CallAttempt attempt = network(patient).placeCall(REQUEST);

        assertInstanceOf(CallAttempt.Placed.class, attempt);
        assertThat(twilio.createdCalls(), hasSize(1));
        assertThat(twilio.createRequests(), hasSize(1));
    }

    @Test
    void an_answer_lost_to_the_timeout_is_found_in_the_list_instead_of_calling_twice() {
        twilio.failNextCreates(1, Fault.slow(Duration.ofMillis(2500)));
        TwilioRestSettings quick = settings().withRetries(Duration.ofMillis(700), 3, Duration.ofMillis(10),
                Duration.ofSeconds(5));

        CallAttempt attempt = network(quick).placeCall(REQUEST);

        CallAttempt.Placed placed = assertInstanceOf(CallAttempt.Placed.class, attempt);
        assertThat(twilio.createdCalls(), hasSize(1));
        assertEquals(twilio.createdCalls().get(0).sid(), placed.callSid());
        assertThat(twilio.createRequests(), hasSize(1));
    }

    @Test
    void when_the_lost_answer_cannot_be_checked_it_stops_and_says_the_call_may_exist() {
        twilio.failNextCreates(1, Fault.createdThenServerError(502));
        twilio.failNextLists(1, Fault.serverError(503));

        CallAttempt attempt = network(settings()).placeCall(REQUEST);

        CallAttempt.Unreachable unreachable = assertInstanceOf(CallAttempt.Unreachable.class, attempt);
        assertEquals(true, unreachable.maybePlaced());
        assertThat(unreachable.reason(), containsString("could not check whether the call exists"));
        assertThat(twilio.createRequests(), hasSize(1));
        assertThat(twilio.createdCalls(), hasSize(1));
    }

    @Test
    void twilio_failing_every_time_ends_unreachable_after_the_retries() {
        twilio.failNextCreates(10, Fault.serverError(503));

        CallAttempt attempt = network(settings()).placeCall(REQUEST);

        CallAttempt.Unreachable unreachable = assertInstanceOf(CallAttempt.Unreachable.class, attempt);
        assertEquals(false, unreachable.maybePlaced());
        assertThat(unreachable.reason(), containsString("503 code 20503"));
        assertThat(twilio.createRequests(), hasSize(4));
        assertThat(twilio.createdCalls(), is(empty()));
        assertThat(log.lines(), hasItem(containsString("giving up after 4 tries")));
    }

    @Test
    void a_refused_connection_is_retried_and_then_unreachable() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        CallAttempt attempt = network(settings().withApiBase(closed)).placeCall(REQUEST);

        CallAttempt.Unreachable unreachable = assertInstanceOf(CallAttempt.Unreachable.class, attempt);
        assertEquals(false, unreachable.maybePlaced());
        assertThat(unreachable.reason(), containsString("Twilio not reachable: ConnectException"));
        long tries = log.lines().stream().filter(line -> line.contains("Twilio not reachable")).count();
        assertEquals(4 + 1, tries, String.join("\n", log.lines()));
    }

    @Test
    void the_recent_call_lookup_finds_only_calls_to_that_number_since_the_moment() {
        PhoneNetwork network = network(settings());
        Instant before = Instant.now().minusSeconds(5);
        String sid = ((CallAttempt.Placed) network.placeCall(REQUEST)).callSid();

        assertEquals(new CallCheck.Found(sid), network.recentCallTo(PATIENT, before));
        assertEquals(new CallCheck.NotFound(), network.recentCallTo("+15550000000", before));
        assertEquals(new CallCheck.NotFound(), network.recentCallTo(PATIENT, Instant.now().plusSeconds(5)));
        twilio.failNextLists(1, Fault.serverError(500));
        assertInstanceOf(CallCheck.Unknown.class, network.recentCallTo(PATIENT, before));
    }

    @Test
    void ends_a_live_call_after_its_last_words_escaped_once_and_never_logs_them() {
        String sid = placedCall();

        boolean ended = network(settings()).endWithWords(sid, VOICEMAIL);

        assertTrue(ended);
        assertThat(twilio.updates(), hasSize(1));
        FakeTwilioRest.CallUpdate update = twilio.updates().get(0);
        assertEquals(sid, update.sid());
        assertEquals(Map.of("Twiml", List.of(VOICEMAIL_TWIML)), update.parameters());
        assertEquals("/2010-04-01/Accounts/" + FakeTwilioRest.ACCOUNT_SID + "/Calls/" + sid + ".json",
                twilio.updateRequests().get(0).path());
        assertThat(twilio.mistakes(), is(empty()));
        assertThat(log.lines(), hasItem("INFO org.pharmacyvoice.adapters.twilio.TwilioCallPlacer [" + sid
                + "] Twilio is ending the call after the last words"));
    }

    @Test
    void without_words_the_call_is_only_hung_up() {
        String sid = placedCall();

        assertTrue(network(settings()).endWithWords(sid, ""));

        assertEquals(Optional.of("<Response><Hangup/></Response>"), twilio.updates().get(0).first("Twiml"));
        assertThat(twilio.mistakes(), is(empty()));
    }

    @Test
    void a_call_twilio_does_not_know_or_that_is_over_is_not_ended_and_that_is_logged_at_info() {
        String over = placedCall();
        twilio.hangUp(over);
        String unknown = "CA" + "0".repeat(32);
        PhoneNetwork network = network(settings());

        assertEquals(false, network.endWithWords(unknown, VOICEMAIL));
        assertEquals(false, network.endWithWords(over, VOICEMAIL));

        assertThat(twilio.updateRequests(), hasSize(2));
        assertThat(twilio.updates(), is(empty()));
        assertThat(log.lines(), hasItem("INFO org.pharmacyvoice.adapters.twilio.TwilioCallPlacer [" + unknown
                + "] not ending the call: it is already over (404 code 20404: The requested resource /2010-04-01/"
                + "Accounts/" + FakeTwilioRest.ACCOUNT_SID + "/Calls/" + unknown + ".json was not found)"));
        assertThat(log.lines(), hasItem("INFO org.pharmacyvoice.adapters.twilio.TwilioCallPlacer [" + over
                + "] not ending the call: it is already over (400 code 21220: Call is not in-progress. Cannot "
                + "redirect.)"));
    }

    @Test
    void bad_credentials_end_nothing_and_log_an_error_naming_the_settings_to_fix() {
        String sid = placedCall();
        TwilioRestSettings wrongToken = TwilioRestSettings.withAuthToken(FakeTwilioRest.ACCOUNT_SID, WRONG_TOKEN)
                .withApiBase(twilio.apiBase())
                .withRetries(Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(5));
        TwilioRestSettings wrongKey = TwilioRestSettings.withApiKey(FakeTwilioRest.ACCOUNT_SID,
                FakeTwilioRest.API_KEY_SID, WRONG_TOKEN).withApiBase(twilio.apiBase())
                .withRetries(Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(5));

        assertEquals(false, network(wrongToken).endWithWords(sid, VOICEMAIL));
        assertEquals(false, network(wrongKey).endWithWords(sid, VOICEMAIL));

        assertThat(twilio.updateRequests(), hasSize(2));
        assertThat(twilio.updates(), is(empty()));
        assertThat(log.lines(), hasItem("ERROR org.pharmacyvoice.adapters.twilio.TwilioCallPlacer [" + sid
                + "] Twilio refused to end the call (401 code 20003: Authenticate): check TWILIO_ACCOUNT_SID and "
                + "TWILIO_AUTH_TOKEN"));
        assertThat(log.lines(), hasItem("ERROR org.pharmacyvoice.adapters.twilio.TwilioCallPlacer [" + sid
                + "] Twilio refused to end the call (401 code 20003: Authenticate): check TWILIO_ACCOUNT_SID, "
                + "TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET"));
    }

    @Test
    void a_500_and_a_429_are_retried_until_twilio_takes_the_words() {
        String sid = placedCall();
        twilio.failNextUpdates(1, Fault.serverError(500))
                .failNextUpdates(1, Fault.tooManyRequests(Optional.of(Duration.ofSeconds(1))));

        long started = System.nanoTime();
        boolean ended = network(settings()).endWithWords(sid, VOICEMAIL);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(ended);
        assertThat(twilio.updateRequests(), hasSize(3));
        assertThat(twilio.updates(), hasSize(1));
        // The backoff is 10 ms: only honouring Retry-After explains a wait of a second.
        assertTrue(took.toMillis() >= 1000, "waited " + took.toMillis() + " ms");
        assertThat(log.lines(), hasItem(containsString("[" + sid + "] ending the call: Twilio failed (500 code 20500:"
                + " Internal Server Error); retrying in")));
        assertThat(log.lines(), hasItem(containsString("[" + sid + "] ending the call: Twilio is rate limiting (429"
                + " code 20429: Too Many Requests); retrying in 1000 ms (try 2 of 4)")));
    }

    @Test
    void an_update_twilio_applied_but_answered_with_a_500_is_sent_again_which_is_harmless() {
        String sid = placedCall();
        twilio.failNextUpdates(1, Fault.createdThenServerError(502));

        assertTrue(network(settings()).endWithWords(sid, VOICEMAIL));

        // Twilio ran the same TwiML twice: the words again on a call that is hanging up, and no second call.
        assertThat(twilio.updates(), hasSize(2));
        assertEquals(twilio.updates().get(0).parameters(), twilio.updates().get(1).parameters());
        assertThat(twilio.createdCalls(), hasSize(1));
    }

    @Test
    void an_answer_lost_to_the_timeout_is_sent_again() {
        String sid = placedCall();
        twilio.failNextUpdates(1, Fault.slow(Duration.ofMillis(2500)));
        TwilioRestSettings quick = settings().withRetries(Duration.ofMillis(700), 3, Duration.ofMillis(10),
                Duration.ofSeconds(5));

        assertTrue(network(quick).endWithWords(sid, VOICEMAIL));

        assertThat(twilio.updateRequests(), hasSize(2));
    }

    @Test
    void a_retry_after_longer_than_the_cap_or_twilio_failing_every_time_ends_nothing() {
        String sid = placedCall();
        twilio.failNextUpdates(1, Fault.tooManyRequests(Optional.of(Duration.ofSeconds(120))));
        PhoneNetwork network = network(settings());

        assertEquals(false, network.endWithWords(sid, VOICEMAIL));
        assertThat(twilio.updateRequests(), hasSize(1));

        twilio.failNextUpdates(10, Fault.serverError(503));
        assertEquals(false, network.endWithWords(sid, VOICEMAIL));
        assertThat(twilio.updateRequests(), hasSize(1 + 4));
        assertThat(twilio.updates(), is(empty()));
        assertThat(log.lines(), hasItem(containsString("[" + sid + "] could not end the call: giving up after 4 tries:"
                + " Twilio failed (503 code 20503: Service Unavailable)")));
    }

    @Test
    void twilio_out_of_reach_ends_nothing_after_the_retries() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        String sid = "CA" + "1".repeat(32);

        assertEquals(false, network(settings().withApiBase(closed)).endWithWords(sid, VOICEMAIL));

        assertThat(log.lines(), hasItem(containsString("[" + sid + "] could not end the call: giving up after 4 tries:"
                + " Twilio not reachable: ConnectException")));
    }

    @Test
    void what_is_not_a_call_sid_or_too_long_to_say_is_not_sent_at_all() {
        String sid = placedCall();
        PhoneNetwork network = network(settings());

        assertEquals(false, network.endWithWords("../../Accounts/AC1/Calls", VOICEMAIL));
        assertEquals(false, network.endWithWords(sid, "Dana ".repeat(1000)));

        assertThat(twilio.updateRequests(), is(empty()));
        assertThat(log.lines(), hasItem("WARNING org.pharmacyvoice.adapters.twilio.TwilioCallPlacer not ending call "
                + "../../Accounts/AC1/Calls: not a Twilio call SID"));
        assertThat(log.lines(), hasItem("WARNING org.pharmacyvoice.adapters.twilio.TwilioCallPlacer [" + sid + "] not "
                + "ending the call: its last words make 5041 characters of TwiML, over Twilio's limit of 4000"));
    }

    @Test
    void the_settings_never_show_the_secret() {
        assertThat(settings().toString(), not(containsString(FakeTwilioRest.AUTH_TOKEN)));
        assertThat(TwilioRestSettings.withApiKey(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.API_KEY_SID,
                FakeTwilioRest.API_KEY_SECRET).toString(), not(containsString(FakeTwilioRest.API_KEY_SECRET)));
    }

    /** A call the fake created, to be ended. */
    private String placedCall() {
        return ((CallAttempt.Placed) network(settings()).placeCall(REQUEST)).callSid();
    }

    private TwilioRestSettings settings() {
        return TwilioRestSettings.withAuthToken(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN)
                .withApiBase(twilio.apiBase())
                .withRetries(Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(5));
    }

    private static PhoneNetwork network(TwilioRestSettings settings) {
        return TwilioVoice.phoneNetwork(settings, TwilioSettings.defaults(Optional.of(PUBLIC_URL)));
    }

    private static String basic(String user, String secret) {
        return Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
