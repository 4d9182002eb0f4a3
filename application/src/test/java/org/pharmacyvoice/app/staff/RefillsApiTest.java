package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/** The staff's refill queue over the dispensary's use cases, with the records in memory: HTTP and JSON only. */
class RefillsApiTest {

    private final SeededDispensary pharmacy = new SeededDispensary();
    private final HandlerServer server = HandlerServer.with(http -> pharmacy.apis().addRoutes(http));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRefillAskedForOnTheLineIsInTheQueueWithEveryFieldAndNeverCached() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);

        HttpResponse<String> response = server.get("/api/refills");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"refills\":[{\"id\":" + id + ",\"rx_number\":\"1000001\",\"patient_id\":1,"
                + "\"status\":\"pending\",\"requested_at\":\"2025-03-14T09:30:00Z\","
                + "\"ready_by\":\"2025-03-14T11:30:00Z\",\"updated_at\":\"2025-03-14T09:30:00Z\"}],"
                + "\"count\":1,\"limit\":100}"));
    }

    @Test
    void theQueueFiltersByStatusAndPatientNewestFirst() {
        long statin = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        long sertraline = pharmacy.store.queuedElsewhere(new NewRefill(
                SeededDispensary.SERTRALINE, 2, SeededDispensary.MORNING.plusSeconds(60),
                SeededDispensary.MORNING.plusSeconds(7260), Optional.empty())).id();
        pharmacy.store.colleagueSets(statin, RefillStatus.READY);

        assertThat(server.get("/api/refills").body(), startsWith("{\"refills\":[{\"id\":" + sertraline + ","));
        assertThat(server.get("/api/refills?status=ready").body(), startsWith("{\"refills\":[{\"id\":" + statin
                + ",\"rx_number\":\"1000001\",\"patient_id\":1,\"status\":\"ready\","));
        assertThat(server.get("/api/refills?status=ready&patient_id=2&limit=5").body(),
                is("{\"refills\":[],\"count\":0,\"limit\":5}"));
        assertThat(server.get("/api/refills?patient_id=2").body(), startsWith("{\"refills\":[{\"id\":" + sertraline
                + ",\"rx_number\":\"1000003\",\"patient_id\":2,\"status\":\"pending\","));
        assertThat(server.get("/api/refills?status=&limit=500").body().endsWith("\"count\":2,\"limit\":500}"),
                is(true));
    }

    @Test
    void readyThenPickedUpRecordsTheFillOnThePrescription() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);

        HttpResponse<String> ready = patch(id, "{\"status\":\"ready\"}");
        HttpResponse<String> pickedUp = patch(id, "{\"status\":\"picked_up\"}");

        assertThat(ready.statusCode(), is(200));
        assertThat(ready.body(), is("{\"id\":" + id + ",\"rx_number\":\"1000001\",\"patient_id\":1,"
                + "\"status\":\"ready\",\"requested_at\":\"2025-03-14T09:30:00Z\","
                + "\"ready_by\":\"2025-03-14T11:30:00Z\",\"updated_at\":\"2025-03-14T09:30:00Z\"}"));
        assertThat(pickedUp.statusCode(), is(200));
        assertThat(pickedUp.body(), startsWith("{\"id\":" + id + ",\"rx_number\":\"1000001\",\"patient_id\":1,"
                + "\"status\":\"picked_up\","));
        var prescription = pharmacy.store.prescription(SeededDispensary.STATIN).orElseThrow();
        assertThat(prescription.lastFilledOn(), is(Optional.of(LocalDate.of(2025, 3, 14))));
        assertThat("the refill taken when it was asked for stays taken", prescription.refillsRemaining(), is(2));
        assertThat(pharmacy.store.refill(id).orElseThrow().status(), is(RefillStatus.PICKED_UP));
    }

    @Test
    void cancellingGivesTheRefillBackToThePrescription() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        assertThat(pharmacy.store.prescription(SeededDispensary.STATIN).orElseThrow().refillsRemaining(), is(2));

        HttpResponse<String> response = patch(id, "{\"status\":\"cancelled\"}");

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), startsWith("{\"id\":" + id + ",\"rx_number\":\"1000001\",\"patient_id\":1,"
                + "\"status\":\"cancelled\","));
        var prescription = pharmacy.store.prescription(SeededDispensary.STATIN).orElseThrow();
        assertThat(prescription.refillsRemaining(), is(3));
        assertThat("a cancelled refill was never filled", prescription.lastFilledOn(),
                is(Optional.of(LocalDate.of(2025, 2, 1))));
    }

    @Test
    void askingForTheStatusItAlreadyHasIsHarmless() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        String first = patch(id, "{\"status\":\"ready\"}").body();

        HttpResponse<String> again = patch(id, "{\"status\":\"ready\"}");

        assertThat(again.statusCode(), is(200));
        assertThat(again.body(), is(first));
        assertThat(pharmacy.store.prescription(SeededDispensary.STATIN).orElseThrow().lastFilledOn(),
                is(Optional.of(LocalDate.of(2025, 2, 1))));
    }

    @Test
    void aMoveTheQueueForbidsIsA409WithTheReasonAndChangesNothing() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);

        HttpResponse<String> skipping = patch(id, "{\"status\":\"picked_up\"}");
        patch(id, "{\"status\":\"cancelled\"}");
        HttpResponse<String> reviving = patch(id, "{\"status\":\"ready\"}");

        assertThat(skipping.statusCode(), is(409));
        assertThat(skipping.body(), is("{\"error\":\"status_change_not_allowed\",\"detail\":\"Refill " + id
                + " is pending: it can only become ready or cancelled, not picked_up.\"}"));
        assertThat(reviving.statusCode(), is(409));
        assertThat(reviving.body(), is("{\"error\":\"status_change_not_allowed\",\"detail\":\"Refill " + id
                + " is cancelled, and a cancelled refill can't be changed.\"}"));
        assertThat(pharmacy.store.refill(id).orElseThrow().status(), is(RefillStatus.CANCELLED));
        assertThat(pharmacy.store.prescription(SeededDispensary.STATIN).orElseThrow().refillsRemaining(), is(3));
    }

    @Test
    void anUnknownRefillIsA404() {
        HttpResponse<String> response = patch(99, "{\"status\":\"ready\"}");

        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"detail\":\"No refill with id 99.\"}"));
    }

    @ParameterizedTest(name = "GET {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/refills?status=lost | {\"error\":\"invalid_parameter\",\"detail\":\"Unknown status 'lost'; a refill is one of pending, ready, picked_up, cancelled.\"}",
            "/api/refills?status=PENDING | {\"error\":\"invalid_parameter\",\"detail\":\"Unknown status 'PENDING'; a refill is one of pending, ready, picked_up, cancelled.\"}",
            "/api/refills?patient_id=x | {\"error\":\"invalid_parameter\",\"detail\":\"'patient_id' must be a positive whole number, not 'x'.\"}",
            "/api/refills?patient_id=0 | {\"error\":\"invalid_parameter\",\"detail\":\"'patient_id' must be a positive whole number, not '0'.\"}",
            "/api/refills?limit=0 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 500, not '0'.\"}",
            "/api/refills?limit=501 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 500, not '501'.\"}",
            "/api/refills?status=ready&status=pending | {\"error\":\"repeated_parameter\",\"detail\":\"Give the query parameter 'status' at most once.\"}",
            "/api/refills?rx=1000001 | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'rx'; this endpoint takes limit, patient_id, status.\"}"})
    void malformedQueriesAre400WithAJsonErrorSayingWhatWasWrong(String path, String body) {
        HttpResponse<String> response = server.get(path);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(body));
    }

    @ParameterizedTest(name = "PATCH {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"status\":\"done\"} | {\"error\":\"invalid_status\",\"detail\":\"Unknown status 'done'; a refill is one of pending, ready, picked_up, cancelled.\"}",
            "{\"status\":1} | {\"error\":\"invalid_field\",\"detail\":\"status must be a string, not number.\"}",
            "{} | {\"error\":\"missing_field\",\"detail\":\"Say which status the refill moves to, e.g. {\\\"status\\\":\\\"ready\\\"}.\"}",
            "{\"status\":\"ready\",\"rx_number\":\"1\"} | {\"error\":\"unknown_field\",\"detail\":\"Only the status of a refill can be changed, not 'rx_number'.\"}",
            "[\"ready\"] | {\"error\":\"malformed_json\",\"detail\":\"The body must be a JSON object, not array.\"}"})
    void malformedBodiesAre400AndChangeNothing(String body, String error) {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);

        HttpResponse<String> response = patch(id, body);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(error));
        assertThat(pharmacy.store.refill(id).orElseThrow().status(), is(RefillStatus.PENDING));
    }

    @Test
    void theRestOfHttpIsAnsweredWithItsJsonError() {
        assertThat(server.get("/api/refills/x").statusCode(), is(405));
        assertThat(server.send("PATCH", "/api/refills/x", "application/json", "{\"status\":\"ready\"}").body(),
                is("{\"error\":\"invalid_id\",\"detail\":\"Refill ids are positive whole numbers, not 'x'.\"}"));
        assertThat(server.send("PATCH", "/api/refills/1", "text/plain", "ready").statusCode(), is(415));
        assertThat(server.send("PATCH", "/api/refills/1", "application/json", "{\"status\":\"" + "r".repeat(5000)
                + "\"}").statusCode(), is(413));
        HttpResponse<String> get = server.get("/api/refills/1");
        assertThat(get.headers().firstValue("Allow"), is(Optional.of("PATCH")));
        assertThat(server.send("POST", "/api/refills", "application/json", "{}").headers().firstValue("Allow"),
                is(Optional.of("GET")));
        HttpResponse<String> below = server.get("/api/refills/1/history");
        assertThat(below.statusCode(), is(404));
        assertThat(below.body(), is("{\"error\":\"not_found\",\"detail\":\"Nothing at /api/refills/1/history; see "
                + "/api/patients, /api/patients/{id}, /api/refills, /api/refills/{id}, /api/renewal-requests and "
                + "/api/renewal-requests/{id}.\"}"));
    }

    /** Asks for calls as a test says: records what it was asked, and answers or fails. */
    private static final class PickupDesk implements PickupCallsUseCase {
        final List<String> asked = new ArrayList<>();
        Supplier<Trigger> answer = () -> new Trigger.NoCall("not scripted");

        @Override
        public Trigger refillReady(long refillId) {
            asked.add("refill " + refillId);
            return answer.get();
        }

        @Override
        public Trigger orderReady(long orderId) {
            asked.add("order " + orderId);
            return answer.get();
        }
    }

    private HttpResponse<String> patchWithCalls(PickupDesk calls, long id, String status) {
        try (HandlerServer withCalls = HandlerServer.with(http -> new DispensaryApis(
                pharmacy.dispensary.findPatients(), pharmacy.dispensary.refillQueue(),
                pharmacy.dispensary.renewalRequests(), Optional.of(calls)).addRoutes(http))) {
            return withCalls.send("PATCH", "/api/refills/" + id, "application/json", "{\"status\":\"" + status
                    + "\"}");
        }
    }

    @Test
    void aRefillMovedToReadyAsksForThePatientsCallEveryTimeAndTheReplySaysWhyThereIsNone() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        var calls = new PickupDesk();
        calls.answer = () -> new Trigger.NoCall("the patient of refill " + id + " has no phone number to call");

        HttpResponse<String> ready = patchWithCalls(calls, id, "ready");
        HttpResponse<String> again = patchWithCalls(calls, id, "ready");
        calls.answer = () -> new Trigger.NotReady("refill " + id + " is picked up, not ready");
        HttpResponse<String> pickedUp = patchWithCalls(calls, id, "picked_up");

        assertThat(ready.statusCode(), is(200));
        assertThat(ready.body(), is("{\"id\":" + id + ",\"rx_number\":\"1000001\",\"patient_id\":1,"
                + "\"status\":\"ready\",\"requested_at\":\"2025-03-14T09:30:00Z\","
                + "\"ready_by\":\"2025-03-14T11:30:00Z\",\"updated_at\":\"2025-03-14T09:30:00Z\","
                + "\"pickup_call\":{\"queued\":false,\"reason\":\"the patient of refill " + id
                + " has no phone number to call\"}}"));
        assertThat(again.body(), is(ready.body()));
        assertThat(pickedUp.body(), not(containsString("pickup_call")));
        assertThat("asked after every move; the domain says whether it is ready to call about", calls.asked,
                is(List.of("refill " + id, "refill " + id, "refill " + id)));
    }

    @Test
    void aCallThatCannotBeQueuedLeavesTheRefillReadyAndTheReplySaysSo() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        var calls = new PickupDesk();
        calls.answer = () -> {
            throw new IllegalStateException("the notification table is locked");
        };

        HttpResponse<String> ready = patchWithCalls(calls, id, "ready");

        assertThat(ready.statusCode(), is(200));
        assertThat(ready.body(), startsWith("{\"id\":" + id + ",\"rx_number\":\"1000001\",\"patient_id\":1,"
                + "\"status\":\"ready\","));
        assertThat(ready.body(), containsString(",\"pickup_call\":{\"queued\":false,\"reason\":\"The call could "
                + "not be queued just now; mark the refill ready again to try again.\"}}"));
        assertThat(pharmacy.store.refill(id).orElseThrow().status(), is(RefillStatus.READY));
    }

    private HttpResponse<String> patch(long id, String body) {
        return server.send("PATCH", "/api/refills/" + id, "application/json", body);
    }
}
