package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.prescription.RefillOutcome;

/** Staff see the requests to prescribers still to send and mark them sent; the records in memory. */
class RenewalRequestsApiTest {

    private static final String REQUEST = "{\"id\":1,\"rx_number\":\"1000002\",\"patient_id\":1,"
            + "\"prescriber\":\"Dr. Ana Ruiz\",\"reason\":\"no_refills_left\",\"requested_at\":\"2025-03-14T09:30:00Z\","
            + "\"open\":";

    private final SeededDispensary pharmacy = new SeededDispensary();
    private final HandlerServer server = HandlerServer.with(http -> pharmacy.apis().addRoutes(http));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRefillWithNoneLeftAsksThePrescriberAndTheRequestIsListedForStaff() {
        assertThat(pharmacy.mariaAsksForARefillOf(SeededDispensary.LISINOPRIL),
                instanceOf(RefillOutcome.RenewalRequested.class));

        HttpResponse<String> response = server.get("/api/renewal-requests");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"renewal_requests\":[" + REQUEST + "true}],\"count\":1,\"limit\":50}"));
    }

    @Test
    void markingARequestSentClosesItAndTakesItOffTheList() {
        pharmacy.mariaAsksForARefillOf(SeededDispensary.LISINOPRIL);

        HttpResponse<String> response = close(1);

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is("{\"id\":1,\"open\":false}"));
        assertThat(pharmacy.store.renewals().getFirst().open(), is(false));
        assertThat(server.get("/api/renewal-requests").body(),
                is("{\"renewal_requests\":[],\"count\":0,\"limit\":50}"));
        assertThat(server.get("/api/renewal-requests?open_only=false&limit=10").body(),
                is("{\"renewal_requests\":[" + REQUEST + "false}],\"count\":1,\"limit\":10}"));
    }

    @Test
    void aRequestThatIsNotOpenIsA404SayingSo() {
        pharmacy.mariaAsksForARefillOf(SeededDispensary.LISINOPRIL);
        close(1);

        HttpResponse<String> again = close(1);
        HttpResponse<String> unknown = close(7);

        assertThat(again.statusCode(), is(404));
        assertThat(again.body(), is("{\"error\":\"not_found\",\"detail\":\"No open renewal request with id 1.\"}"));
        assertThat(unknown.statusCode(), is(404));
    }

    @ParameterizedTest(name = "PATCH {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"open\":true} | {\"error\":\"invalid_field\",\"detail\":\"A renewal request can't be reopened; a closed one stays closed. Mark it sent with {\\\"open\\\":false}.\"}",
            "{\"open\":\"no\"} | {\"error\":\"invalid_field\",\"detail\":\"open must be true or false, not string.\"}",
            "{} | {\"error\":\"missing_field\",\"detail\":\"Mark the request sent with {\\\"open\\\":false}.\"}",
            "{\"open\":false,\"prescriber\":\"Dr. X\"} | {\"error\":\"unknown_field\",\"detail\":\"A renewal request can only be marked sent with {\\\"open\\\":false}, not changed in 'prescriber'.\"}",
            "{\"status\":\"sent\"} | {\"error\":\"unknown_field\",\"detail\":\"A renewal request can only be marked sent with {\\\"open\\\":false}, not changed in 'status'.\"}"})
    void malformedBodiesAre400AndCloseNothing(String body, String error) {
        pharmacy.mariaAsksForARefillOf(SeededDispensary.LISINOPRIL);

        HttpResponse<String> response = server.send("PATCH", "/api/renewal-requests/1", "application/json", body);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(error));
        assertThat(pharmacy.store.renewals().getFirst().open(), is(true));
    }

    @ParameterizedTest(name = "GET {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/renewal-requests?open_only=yes | {\"error\":\"invalid_parameter\",\"detail\":\"'open_only' must be true or false, not 'yes'.\"}",
            "/api/renewal-requests?open=true | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'open'; this endpoint takes limit, open_only.\"}",
            "/api/renewal-requests?limit=201 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '201'.\"}"})
    void malformedQueriesAre400(String path, String body) {
        HttpResponse<String> response = server.get(path);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(body));
    }

    @Test
    void theRestOfHttpIsAnsweredWithItsJsonError() {
        assertThat(server.send("PATCH", "/api/renewal-requests/0", "application/json", "{\"open\":false}").body(),
                is("{\"error\":\"invalid_id\",\"detail\":\"Renewal request ids are positive whole numbers, not '0'.\"}"));
        assertThat(server.send("PATCH", "/api/renewal-requests/1", "text/plain", "sent").statusCode(), is(415));
        assertThat(server.get("/api/renewal-requests/1").headers().firstValue("Allow"), is(Optional.of("PATCH")));
        assertThat(server.send("DELETE", "/api/renewal-requests", "application/json", "").statusCode(), is(405));
        assertThat(server.send("POST", "/api/renewal-requests/1/close", "application/json", "{}").statusCode(),
                is(404));
    }

    private HttpResponse<String> close(long id) {
        return server.send("PATCH", "/api/renewal-requests/" + id, "application/json", "{\"open\":false}");
    }
}
