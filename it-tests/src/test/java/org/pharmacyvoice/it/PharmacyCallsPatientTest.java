package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FakeTwilioRest;

/**
 * The pharmacy calls its patients, end to end through the real server: staff mark a refill or an order ready, the
 * server's dialler places the call through the fake Twilio REST API, and the test plays Twilio's side of the call
 * (answer webhook, media stream to the fake agent, machine detection, status callbacks), each webhook signed.
 */
class PharmacyCallsPatientTest {

    private static final String AUTH_TOKEN = FakeTwilioRest.AUTH_TOKEN;
    private static final String PHARMACY_NUMBER = "+12025550900";
    private static final String PHARMACY_NAME = "Maple Street Pharmacy";
    /** Carmen Diaz, a demo patient who has not asked for refill reminders, and her levothyroxine (refill due). */
    private static final String CARMENS_PHONE = "+12025550103";
    private static final String CARMENS_BIRTHDAY = "1990-02-14";
    private static final String LEVOTHYROXINE = "2003001";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STAFF_TOKEN = "staff-token-for-the-outbound-tests";
    /** A zone in which it is about noon now, so that the customary calling hours (8:00 to 21:00) are open. */
    private static final ZoneOffset NOON_ZONE = ZoneOffset.ofHours(12 - Instant.now().atOffset(ZoneOffset.UTC).getHour());

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private FakeTwilioRest rest;
    private CapturedLog log;

    @BeforeEach
    void startTwilio() {
        rest = FakeTwilioRest.start();
        log = new CapturedLog("");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        rest.close();
        log.close();
    }

    private RunningPharmacy pharmacy(Map<String, String> overrides) {
        int port = freePort();
        var settings = new HashMap<String, String>();
        settings.put("port", Integer.toString(port));
        settings.put("public.url", "http://127.0.0.1:" + port);
        settings.put("twilio.auth.token", AUTH_TOKEN);
        settings.put("twilio.account.sid", FakeTwilioRest.ACCOUNT_SID);
        settings.put("twilio.api.key.sid", FakeTwilioRest.API_KEY_SID);
        settings.put("twilio.api.key.secret", FakeTwilioRest.API_KEY_SECRET);
        settings.put("twilio.api.url", rest.apiBase().toString());
        settings.put("outbound.calls", "true");
        settings.put("outbound.from.number", PHARMACY_NUMBER);
        settings.put("pharmacy.name", PHARMACY_NAME);
        settings.put("pharmacy.time.zone", NOON_ZONE.getId());
        settings.put("outbound.dial.interval", "1s");
        settings.put("staff.token", STAFF_TOKEN);
        // The demo patients who asked for reminders would be called first, and a number is called once a day.
        settings.put("reminder.days.ahead", "0");
        settings.putAll(overrides);
        RunningPharmacy pharmacy = RunningPharmacy.start(dataDir.resolve("server-" + port), settings);
        open.add(pharmacy);
        return pharmacy;
    }

    @Test
    void aReadyRefillCallsThePatientWhoHearsItIsReadyOnlyAfterProvingTheirDateOfBirth() throws Exception {
        RunningPharmacy pharmacy = pharmacy(Map.of());
        long notification = refillMarkedReady(pharmacy, LEVOTHYROXINE);

        TwilioPlacedCall call = awaitPlacedCall(0);
        assertThat(call.to(), is(CARMENS_PHONE));
        HttpResponse<String> answer = call.answer();
        assertThat(answer.statusCode(), is(200));
        assertThat(answer.body(), containsString("<Connect"));
        FakeTwilioCaller line = call.connectStream(answer.body(), pharmacy.streamUrl());
        PhoneCall.Answered answered = PhoneCall.answered(line, pharmacy.agent);
        String briefing = answered.settings().toString();
        assertThat(briefing, containsString("Hello, this is " + PHARMACY_NAME + " calling for Carmen."));
        assertThat(briefing, not(containsString("levothyroxine")));
        assertThat(briefing, not(containsString(LEVOTHYROXINE)));

        try (PhoneCall phone = answered.call()) {
            assertThat(phone.run("read_message", "{}").getString("outcome"), is("not_verified"));
            assertThat(phone.run("verify_caller", "{\"date_of_birth\":\"1958-04-13\"}").getString("outcome"),
                    is("no_match"));
            assertThat(phone.run("read_message", "{}").getString("outcome"), is("not_verified"));
            assertThat(phone.run("verify_caller", "{\"date_of_birth\":\"" + CARMENS_BIRTHDAY + "\"}")
                    .getString("outcome"), is("verified"));
            JsonObject message = phone.run("read_message", "{}");
            assertThat(message.getString("outcome"), is("message"));
            assertThat(message.getString("message"), containsString("levothyroxine"));
            assertThat(message.getString("message"), containsString("ready to pick up"));
            assertThat(call.detected("human").statusCode(), is(204));
            assertThat("the verified patient can ask for a refill on the pharmacy's call",
                    phone.requestRefill(LEVOTHYROXINE).getString("outcome"), is("already_queued"));
            assertThat(phone.run("stop_calls", "{}").getString("outcome"), is("listed"));
        }
        assertThat(call.status("completed").statusCode(), is(204));

        assertThat(notification(pharmacy, notification).getString("state"), is("answered"));
        assertThat("asked for by voice", staff(pharmacy, "/api/opt-outs").toString(),
                containsString("\"source\":\"call\""));
        assertThat(rest.createRequests(), hasSize(1));
        assertThat(rest.updateRequests(), is(empty()));
        assertThat("patient data stays out of the log", String.join("\n", log.lines()),
                not(containsString("levothyroxine")));
    }

    @Test
    void aMachineGetsAVoicemailWithTheCallbackNumberAndNoHealthInformation() throws Exception {
        RunningPharmacy pharmacy = pharmacy(Map.of());
        long notification = refillMarkedReady(pharmacy, LEVOTHYROXINE);
        TwilioPlacedCall call = awaitPlacedCall(0);
        HttpResponse<String> answer = call.answer();
        FakeTwilioCaller line = call.connectStream(answer.body(), pharmacy.streamUrl());
        PhoneCall.Answered answered = PhoneCall.answered(line, pharmacy.agent);

        assertThat(call.detected("machine_end_beep").statusCode(), is(204));

        RunningPharmacy.awaitThat(() -> !rest.updateRequests().isEmpty(), WAIT);
        FakeTwilioRest.Received update = rest.updateRequests().getFirst();
        String twiml = update.first("Twiml").orElseThrow();
        assertThat(update.path(), containsString(call.callSid()));
        assertThat(twiml, startsWith("<Response><Say>Hello, this is " + PHARMACY_NAME + " with a message for Carmen."));
        assertThat(twiml, containsString("2 0 2, 5 5 5, 0 9 0 0"));
        assertThat(twiml, containsString("<Hangup/></Response>"));
        for (String health : List.of("levothyroxine", LEVOTHYROXINE, "refill", "prescription", "Diaz")) {
            assertThat(twiml, not(containsString(health)));
        }
        answered.call().abandon();
        assertThat(call.status("completed").statusCode(), is(204));
        assertThat(notification(pharmacy, notification).getString("state"), is("voicemail"));
    }

    @Test
    void noAnswerIsTriedAgainLaterWithinTheLimitsNotAtOnce() throws Exception {
        RunningPharmacy pharmacy = pharmacy(Map.of());
        long notification = refillMarkedReady(pharmacy, LEVOTHYROXINE);
        TwilioPlacedCall call = awaitPlacedCall(0);

        assertThat(call.status("ringing").statusCode(), is(204));
        assertThat(call.status("no-answer").statusCode(), is(204));

        JsonObject after = notification(pharmacy, notification);
        assertThat(after.getString("state"), is("queued"));
        assertThat(after.getInt("attempts"), is(1));
        assertThat(after.getString("last_outcome"), is("no_answer"));
        Instant next = Instant.parse(after.getString("next_attempt_at"));
        assertThat("attempts are two hours apart (and then one call a day holds it to tomorrow), not " + next,
                next.isAfter(Instant.now().plus(Duration.ofMinutes(115))), is(true));
        Thread.sleep(2_500);
        assertThat(rest.createRequests(), hasSize(1));
    }

    @Test
    void outsideCallingHoursTheCallWaitsForThem() throws Exception {
        RunningPharmacy pharmacy = pharmacy(Map.of("outbound.calling.hours", "08:00-09:00"));
        long notification = refillMarkedReady(pharmacy, LEVOTHYROXINE);

        Thread.sleep(2_500);

        assertThat(rest.createRequests(), is(empty()));
        JsonObject waiting = notification(pharmacy, notification);
        assertThat(waiting.getString("state"), is("queued"));
        assertThat(Instant.parse(waiting.getString("next_attempt_at")).atOffset(NOON_ZONE).getHour(), is(8));
    }

    @Test
    void pressingNineStopsTheCallsAtOnceAndNoOtherCallFollows() throws Exception {
        RunningPharmacy pharmacy = pharmacy(Map.of());
        refillMarkedReady(pharmacy, LEVOTHYROXINE);
        TwilioPlacedCall call = awaitPlacedCall(0);
        FakeTwilioCaller line = call.connectStream(call.answer().body(), pharmacy.streamUrl());
        try (PhoneCall phone = PhoneCall.answered(line, pharmacy.agent).call()) {
            phone.pressKeys("9#");
            assertThat(phone.typedTurns(1).getFirst(), containsString("opt-out list"));
        }
        call.status("completed");
        assertThat(staff(pharmacy, "/api/opt-outs").toString(), containsString("+1******0103"));

        long order;
        try (PhoneCall again = callingIn(pharmacy, CARMENS_PHONE)) {
            order = again.placeOrder("Carmen Diaz", "Claritin", 1);
        }
        HttpResponse<String> ready = patch(pharmacy, "/api/orders/" + order, "{\"status\":\"ready\"}");
        Thread.sleep(2_500);

        assertThat(ready.body(), ready.statusCode(), is(200));
        assertThat(rest.createRequests(), hasSize(1));
        assertThat(staff(pharmacy, "/api/outbound").getJsonArray("notifications").getValuesAs(JsonObject.class)
                .stream().filter(n -> n.getString("subject").equals("order:" + order))
                .map(n -> n.getString("state")).toList(), not(hasItem("calling")));
    }

    @Test
    void twilioAnswering429And500AndLosingAnAnswerStillPlacesExactlyOneCall() throws Exception {
        rest.failNextCreates(1, FakeTwilioRest.Fault.tooManyRequests(Optional.empty()))
                .failNextCreates(1, FakeTwilioRest.Fault.serverError(500))
                .failNextCreates(1, FakeTwilioRest.Fault.createdThenServerError(500));
        RunningPharmacy pharmacy = pharmacy(Map.of());
        long notification = refillMarkedReady(pharmacy, LEVOTHYROXINE);

        RunningPharmacy.awaitThat(() -> notification(pharmacy, notification).getInt("attempts") == 1
                && rest.createdCalls().size() == 1 && "calling".equals(notification(pharmacy, notification)
                        .getString("state")), WAIT);
        Thread.sleep(2_500);

        assertThat(rest.createdCalls(), hasSize(1));
        assertThat(rest.createRequests().size() >= 3, is(true));
        TwilioPlacedCall call = new TwilioPlacedCall(rest.createRequests().getLast(),
                rest.createdCalls().getFirst().sid(), AUTH_TOKEN);
        assertThat(call.answer().statusCode(), is(200));
        assertThat(rest.createdCalls(), hasSize(1));
    }

    @Test
    void badCredentialsAreLoggedClearlyAndTheNotificationIsMarkedFailedNotLost() throws Exception {
        RunningPharmacy pharmacy = pharmacy(Map.of("twilio.api.key.secret", "not-the-secret"));
        long notification = refillMarkedReady(pharmacy, LEVOTHYROXINE);

        RunningPharmacy.awaitThat(() -> "failed".equals(notification(pharmacy, notification).getString("state")),
                WAIT);

        assertThat(rest.createdCalls(), is(empty()));
        assertThat(log.lines().stream().filter(line -> line.startsWith("ERROR")).toList().toString(),
                containsString("TWILIO_API_KEY_SECRET"));
        HttpResponse<String> requeue = post(pharmacy, "/api/outbound/" + notification + "/requeue", "");
        assertThat(requeue.body(), requeue.statusCode(), is(200));
    }

    @Test
    void twoServersOnOnePostgresPlaceOneCallPerNotification() throws Exception {
        String url = System.getenv("PG_URL");
        assumeTrue(url != null && !url.isBlank(), "PG_URL is not set: two servers dialling from one PostgreSQL "
                + "database are not tested (set PG_URL, PG_USER and PG_PASSWORD to a throwaway database; .ci/run does)");
        String user = Optional.ofNullable(System.getenv("PG_USER")).orElse("");
        String password = Optional.ofNullable(System.getenv("PG_PASSWORD")).orElse("");
        Flyway.configure().dataSource(url, user, password).cleanDisabled(false).load().clean();
        Map<String, String> postgres = Map.of("db.url", url, "db.user", user, "db.password", password);
        RunningPharmacy a = pharmacy(postgres);
        RunningPharmacy b = pharmacy(postgres);
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try (PhoneCall call = callingIn(i % 2 == 0 ? a : b, "+1202555030" + i)) {
                orders.add(call.placeOrder("Customer " + i, "Claritin", 1));
            }
        }
        for (int i = 0; i < orders.size(); i++) {
            HttpResponse<String> ready = patch(i % 2 == 0 ? b : a, "/api/orders/" + orders.get(i),
                    "{\"status\":\"ready\"}");
            assertThat(ready.body(), ready.statusCode(), is(200));
        }

        RunningPharmacy.awaitThat(() -> rest.createdCalls().size() >= orders.size(), WAIT);
        Thread.sleep(3_000);

        assertThat(rest.createdCalls(), hasSize(orders.size()));
        assertThat(rest.createdCalls().stream().map(FakeTwilioRest.CreatedCall::to).distinct().count(),
                is((long) orders.size()));
        JsonObject queue = staff(a, "/api/outbound");
        assertThat(queue.getJsonArray("notifications").getValuesAs(JsonObject.class).stream()
                .map(n -> n.getString("state")).toList(), not(hasItem("queued")));
    }

    /** Carmen asks for a refill of {@code rxNumber} on a call, staff mark it ready; the notification's id. */
    private long refillMarkedReady(RunningPharmacy pharmacy, String rxNumber) throws Exception {
        long refillId;
        try (PhoneCall call = callingIn(pharmacy, CARMENS_PHONE)) {
            call.verifyAs("Carmen Diaz", CARMENS_BIRTHDAY);
            refillId = call.requestRefill(rxNumber).getJsonNumber("refill_id").longValueExact();
        }
        HttpResponse<String> ready = patch(pharmacy, "/api/refills/" + refillId, "{\"status\":\"ready\"}");
        assertThat(ready.body(), ready.statusCode(), is(200));
        return staff(pharmacy, "/api/outbound").getJsonArray("notifications").getValuesAs(JsonObject.class)
                .stream().filter(n -> n.getString("subject").equals("refill:" + refillId))
                .findFirst().orElseThrow(() -> new AssertionError("no notification for refill " + refillId))
                .getJsonNumber("id").longValueExact();
    }

    private static PhoneCall callingIn(RunningPharmacy pharmacy, String from) {
        return TwilioPlacedCall.callingIn(pharmacy, "http://127.0.0.1:" + pharmacy.server.port(), from,
                PHARMACY_NUMBER, AUTH_TOKEN);
    }

    private TwilioPlacedCall awaitPlacedCall(int index) throws InterruptedException {
        // The fake notes a created call before the request that created it: wait for both.
        RunningPharmacy.awaitThat(() -> rest.createdCalls().size() > index && rest.createRequests().stream()
                .filter(r -> r.answeredStatus() == 201).count() > index, WAIT);
        FakeTwilioRest.CreatedCall created = rest.createdCalls().get(index);
        FakeTwilioRest.Received request = rest.createRequests().stream()
                .filter(r -> r.answeredStatus() == 201).toList().get(index);
        return new TwilioPlacedCall(request, created.sid(), AUTH_TOKEN);
    }

    private JsonObject notification(RunningPharmacy pharmacy, long id) {
        return staff(pharmacy, "/api/outbound").getJsonArray("notifications").getValuesAs(JsonObject.class).stream()
                .filter(n -> n.getJsonNumber("id").longValueExact() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no notification " + id));
    }

    private JsonObject staff(RunningPharmacy pharmacy, String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(pharmacy.http(path))
                .header("Authorization", "Bearer " + STAFF_TOKEN).build());
        assertThat(response.body(), response.statusCode(), is(200));
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private HttpResponse<String> patch(RunningPharmacy pharmacy, String path, String body) {
        return send(HttpRequest.newBuilder(pharmacy.http(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + STAFF_TOKEN).method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> post(RunningPharmacy pharmacy, String path, String body) {
        return send(HttpRequest.newBuilder(pharmacy.http(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + STAFF_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the server did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }
}
