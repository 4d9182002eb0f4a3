package org.pharmacyvoice.it.fakes;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.it.fakes.FakeTwilioRest.Fault;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeTwilioRestTest {

    private static final String TO = "+15551230001";
    private static final String FROM = "+15559870000";
    private static final String CALL_FORM = "To=" + enc(TO) + "&From=" + enc(FROM)
            + "&Url=" + enc("https://voice.example.com/outbound/answer") + "&StatusCallbackEvent=initiated"
            + "&StatusCallbackEvent=completed";

    private final FakeTwilioRest twilio = FakeTwilioRest.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        twilio.close();
        http.close();
    }

    @Test
    void creates_a_queued_call_with_the_account_token_and_keeps_repeated_parameters() throws Exception {
        HttpResponse<String> answer = post(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN, CALL_FORM);

        assertEquals(201, answer.statusCode());
        JsonObject call = json(answer.body());
        assertTrue(call.getString("sid").matches("CA[0-9a-f]{32}"), call.getString("sid"));
        assertEquals("queued", call.getString("status"));
        assertEquals(TO, call.getString("to"));
        assertEquals(FROM, call.getString("from"));
        assertEquals(FakeTwilioRest.ACCOUNT_SID, call.getString("account_sid"));
        assertThat(twilio.createdCalls(), hasSize(1));
        assertEquals(call.getString("sid"), twilio.createdCalls().get(0).sid());
        FakeTwilioRest.Received received = twilio.requests().get(0);
        assertThat(received.all("StatusCallbackEvent"), contains("initiated", "completed"));
        assertEquals(Optional.of(FakeTwilioRest.ACCOUNT_SID), received.username());
        assertThat(twilio.mistakes(), is(empty()));
    }

    @Test
    void an_api_key_and_its_secret_are_accepted_too() throws Exception {
        HttpResponse<String> answer = post(FakeTwilioRest.API_KEY_SID, FakeTwilioRest.API_KEY_SECRET, CALL_FORM);

        assertEquals(201, answer.statusCode());
        assertThat(twilio.createdCalls(), hasSize(1));
    }

    @Test
    void a_wrong_secret_or_no_credentials_get_401_with_twilios_error_and_create_nothing() throws Exception {
        HttpResponse<String> wrong = post(FakeTwilioRest.ACCOUNT_SID, "not-the-token", CALL_FORM);
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(callsUri(FakeTwilioRest.ACCOUNT_SID))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CALL_FORM)).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : List.of(wrong, none)) {
            assertEquals(401, answer.statusCode());
            JsonObject error = json(answer.body());
            assertEquals(20003, error.getInt("code"));
            assertEquals("Authenticate", error.getString("message"));
            assertEquals(401, error.getInt("status"));
            assertEquals("https://www.twilio.com/docs/errors/20003", error.getString("more_info"));
        }
        assertThat(twilio.createdCalls(), is(empty()));
    }

    @Test
    void good_credentials_for_another_account_in_the_path_get_401() throws Exception {
        String otherAccount = "AC" + "1".repeat(32);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(callsUri(otherAccount))
                .header("Authorization", basic(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(CALL_FORM)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, answer.statusCode());
        assertThat(twilio.createdCalls(), is(empty()));
    }

    @Test
    void missing_or_bad_parameters_get_400_with_twilios_codes() throws Exception {
        String url = "&Url=" + enc("https://voice.example.com/a");
        assertError(post("From=" + enc(FROM) + url), 400, 21201);
        assertError(post("To=" + enc(TO) + url), 400, 21213);
        assertError(post("To=" + enc(TO) + "&From=" + enc(FROM)), 400, 21205);
        assertError(post("To=" + enc(TO) + "&From=" + enc(FROM) + "&Url=" + enc("/relative/answer")), 400, 21205);
        HttpResponse<String> badNumber = post("To=555-CALL-ME&From=" + enc(FROM) + url);
        assertError(badNumber, 400, 21211);
        assertEquals("The 'To' number 555-CALL-ME is not a valid phone number.", json(badNumber.body())
                .getString("message"));
        assertThat(twilio.createdCalls(), is(empty()));
    }

    @Test
    void twiml_instead_of_url_is_accepted() throws Exception {
        HttpResponse<String> answer = post("To=" + enc(TO) + "&From=" + enc(FROM) + "&Twiml="
                + enc("<Response><Say>Hi</Say></Response>"));

        assertEquals(201, answer.statusCode());
    }

    @Test
    void scripted_429_carries_retry_after_and_then_the_next_request_succeeds() throws Exception {
        twilio.failNextCreates(1, Fault.tooManyRequests(Optional.of(Duration.ofSeconds(3))));

        HttpResponse<String> limited = post(CALL_FORM);
        HttpResponse<String> next = post(CALL_FORM);

        assertError(limited, 429, 20429);
        assertEquals(Optional.of("3"), limited.headers().firstValue("Retry-After"));
        assertEquals(201, next.statusCode());
        assertThat(twilio.createdCalls(), hasSize(1));
    }

    @Test
    void scripted_server_errors_either_create_nothing_or_create_the_call_and_lose_the_answer() throws Exception {
        twilio.failNextCreates(1, Fault.serverError(503));
        twilio.failNextCreates(1, Fault.createdThenServerError(500));

        assertError(post(CALL_FORM), 503, 20503);
        assertThat(twilio.createdCalls(), is(empty()));
        assertError(post(CALL_FORM), 500, 20500);
        assertThat(twilio.createdCalls(), hasSize(1));
    }

    @Test
    void a_slow_answer_comes_after_its_delay_with_the_call_already_created() throws Exception {
        twilio.failNextCreates(1, Fault.slow(Duration.ofMillis(700)));

        long started = System.nanoTime();
        HttpResponse<String> answer = post(CALL_FORM);

        assertEquals(201, answer.statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 700);
    }

    @Test
    void the_list_finds_calls_to_one_number_newest_first() throws Exception {
        post(CALL_FORM);
        post(CALL_FORM.replace(enc(TO), enc("+15551230002")));
        post(CALL_FORM);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(callsUri(FakeTwilioRest.ACCOUNT_SID)
                        + "?To=" + enc(TO) + "&PageSize=50"))
                .header("Authorization", basic(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode());
        var calls = json(answer.body()).getJsonArray("calls");
        assertEquals(2, calls.size());
        var created = twilio.createdCalls();
        assertEquals(created.get(2).sid(), calls.getJsonObject(0).getString("sid"));
        assertEquals(created.get(0).sid(), calls.getJsonObject(1).getString("sid"));
        assertTrue(calls.getJsonObject(0).getString("date_created").matches("\\w{3}, \\d{2} \\w{3} \\d{4} [\\d:]{8} \\+0000"));
    }

    @Test
    void with_a_list_lag_a_new_call_shows_only_after_the_lag() throws Exception {
        twilio.listLag(Duration.ofMillis(400));
        post(CALL_FORM);

        assertEquals(0, listCalls().size());
        Thread.sleep(500);
        assertEquals(1, listCalls().size());
    }

    private jakarta.json.JsonArray listCalls() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(callsUri(FakeTwilioRest.ACCOUNT_SID)
                        + "?To=" + enc(TO)))
                .header("Authorization", basic(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return json(answer.body()).getJsonArray("calls");
    }

    @Test
    void wrong_looking_values_are_listed_as_mistakes() throws Exception {
        post(CALL_FORM + "&StatusCallbackEvent=picked-up&Timeout=thirty&MachineDetection=Yes&Method=PUT");

        assertThat(twilio.mistakes(), contains("unknown StatusCallbackEvent picked-up", "unknown MachineDetection Yes",
                "Timeout is not a number of seconds: thirty", "Method is neither GET nor POST: PUT"));
    }

    @Test
    void a_call_update_is_checked_for_credentials_first_then_the_sid_then_recorded() throws Exception {
        String sid = json(post(CALL_FORM).body()).getString("sid");
        String hangUp = "Twiml=" + enc("<Response><Say>Bye &amp; thanks</Say><Hangup/></Response>");

        HttpResponse<String> wrongSecret = update(sid, FakeTwilioRest.ACCOUNT_SID, "wrong", hangUp);
        HttpResponse<String> unknownSid = update("CA" + "0".repeat(32), FakeTwilioRest.ACCOUNT_SID,
                FakeTwilioRest.AUTH_TOKEN, hangUp);
        HttpResponse<String> applied = update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN, hangUp);

        assertError(wrongSecret, 401, 20003);
        assertError(unknownSid, 404, 20404);
        assertEquals(200, applied.statusCode());
        assertEquals(sid, json(applied.body()).getString("sid"));
        assertThat(twilio.updates(), hasSize(1));
        assertEquals(sid, twilio.updates().get(0).sid());
        assertEquals(Optional.of("<Response><Say>Bye &amp; thanks</Say><Hangup/></Response>"),
                twilio.updates().get(0).first("Twiml"));
        assertThat(twilio.updateRequests(), hasSize(3));
        assertThat(twilio.createRequests(), hasSize(1));
        assertThat(twilio.mistakes(), is(empty()));
    }

    @Test
    void a_call_that_is_over_cannot_be_updated_and_scripted_faults_apply_to_updates() throws Exception {
        String sid = json(post(CALL_FORM).body()).getString("sid");
        String hangUp = "Twiml=" + enc("<Response><Hangup/></Response>");
        twilio.failNextUpdates(1, Fault.serverError(503)).failNextUpdates(1, Fault.createdThenServerError(500));

        HttpResponse<String> refused = update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN, hangUp);
        HttpResponse<String> appliedButLost = update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN,
                hangUp);
        twilio.hangUp(sid);
        HttpResponse<String> over = update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN, hangUp);

        assertError(refused, 503, 20503);
        assertError(appliedButLost, 500, 20500);
        assertError(over, 400, 21220);
        assertThat(twilio.updates(), hasSize(1));
    }

    @Test
    void an_update_whose_twiml_twilio_could_not_run_is_listed_as_a_mistake() throws Exception {
        String sid = json(post(CALL_FORM).body()).getString("sid");

        update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN,
                "Twiml=" + enc("<Response><Say>Dana & Lee</Say></Response>"));
        update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN,
                "Twiml=" + enc("<Response><Say>" + "x".repeat(4000) + "</Say></Response>"));
        update(sid, FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN, "Timeout=3");

        assertThat(twilio.mistakes(), contains(
                "Twiml is not a well-formed <Response>: <Response><Say>Dana & Lee</Say></Response>",
                "Twiml of 4032 characters, over 4000",
                "call update that changes nothing (no Twiml, Url or Status)"));
    }

    private HttpResponse<String> update(String sid, String user, String secret, String form) throws Exception {
        URI call = URI.create(twilio.apiBase() + "/2010-04-01/Accounts/" + FakeTwilioRest.ACCOUNT_SID + "/Calls/" + sid
                + ".json");
        return http.send(HttpRequest.newBuilder(call)
                .header("Authorization", basic(user, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> answer, int status, int code) {
        assertEquals(status, answer.statusCode(), answer.body());
        JsonObject error = json(answer.body());
        assertEquals(code, error.getInt("code"));
        assertEquals(status, error.getInt("status"));
        assertTrue(error.getString("message").length() > 3);
    }

    private HttpResponse<String> post(String form) throws Exception {
        return post(FakeTwilioRest.ACCOUNT_SID, FakeTwilioRest.AUTH_TOKEN, form);
    }

    private HttpResponse<String> post(String user, String secret, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(callsUri(FakeTwilioRest.ACCOUNT_SID))
                .header("Authorization", basic(user, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI callsUri(String account) {
        return URI.create(twilio.apiBase() + "/2010-04-01/Accounts/" + account + "/Calls.json");
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
