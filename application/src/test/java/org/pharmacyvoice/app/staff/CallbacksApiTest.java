package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.fakes.InMemoryFrontDesk;
import org.pharmacyvoice.domain.frontdesk.FrontDesk;
import org.pharmacyvoice.domain.frontdesk.FrontDeskSettings;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.telephony.AfterStream;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * Staff see the callers waiting to be called back and mark them done; the callbacks get there the way a call files
 * them (the agent hands the caller over, nobody can answer, the caller leaves a message), in memory.
 */
class CallbacksApiTest {

    /** A Friday evening after closing time. */
    private static final Instant EVENING = Instant.parse("2025-03-14T20:30:00Z");
    private static final String SUMMARY = "Maria Lopez (born 1970-05-02), verified, asks about Rx 1000002: "
            + "\"no refills left\".";
    private static final String RECORDING = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1";
    private static final String MARIA = "{\"id\":1,\"call_sid\":\"CA1\",\"caller_number\":\"+15551230001\","
            + "\"summary\":\"Maria Lopez (born 1970-05-02), verified, asks about Rx 1000002: \\\"no refills left\\\".\","
            + "\"reason\":\"closed\",\"recording_url\":\"" + RECORDING + "\",\"recording_seconds\":17,"
            + "\"requested_at\":\"2025-03-14T20:30:00Z\",\"open\":";
    private static final String SILENT = "{\"id\":2,\"call_sid\":\"CA2\",\"caller_number\":\"+15559870002\","
            + "\"summary\":\"A caller from the pharmacy's phone line; no summary is available.\","
            + "\"reason\":\"closed\",\"recording_url\":null,\"recording_seconds\":0,"
            + "\"requested_at\":\"2025-03-14T20:30:00Z\",\"open\":true}";

    private final InMemoryFrontDesk store = new InMemoryFrontDesk();
    private final FrontDesk desk = new FrontDesk(store, store,
            OpeningHours.parse("Mon-Sat 09:00-19:00", ZoneOffset.UTC),
            FrontDeskSettings.defaults(Optional.of("+15550001111")), Clock.fixed(EVENING, ZoneOffset.UTC));
    private final HandlerServer server = HandlerServer.with(http -> new CallbacksApi(desk).addRoutes(http));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMessageLeftWhileThePharmacyIsClosedIsListedForStaffNewestFirst() {
        mariaLeavesAMessage();
        desk.voicemailLeft("CA2", "+15559870002", Callback.Reason.CLOSED, Optional.empty(), 0);

        HttpResponse<String> response = server.get("/api/callbacks");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"callbacks\":[" + SILENT + "," + MARIA + "true}],\"count\":2,\"limit\":50}"));
        assertThat(server.get("/api/callbacks?limit=1").body(),
                is("{\"callbacks\":[" + SILENT + "],\"count\":1,\"limit\":1}"));
    }

    @Test
    void markingACallbackCalledBackClosesItAndTakesItOffTheList() {
        mariaLeavesAMessage();

        HttpResponse<String> response = close(1);

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is("{\"id\":1,\"open\":false}"));
        assertThat(store.callbacks().getFirst().open(), is(false));
        assertThat(server.get("/api/callbacks").body(), is("{\"callbacks\":[],\"count\":0,\"limit\":50}"));
        assertThat(server.get("/api/callbacks?open_only=false&limit=10").body(),
                is("{\"callbacks\":[" + MARIA + "false}],\"count\":1,\"limit\":10}"));
    }

    @Test
    void aCallbackThatIsNotOpenIsA404SayingSo() {
        mariaLeavesAMessage();
        close(1);

        HttpResponse<String> again = close(1);
        HttpResponse<String> unknown = close(7);

        assertThat(again.statusCode(), is(404));
        assertThat(again.body(), is("{\"error\":\"not_found\",\"detail\":\"No open callback with id 1.\"}"));
        assertThat(unknown.statusCode(), is(404));
        assertThat(unknown.body(), is("{\"error\":\"not_found\",\"detail\":\"No open callback with id 7.\"}"));
    }

    @ParameterizedTest(name = "PATCH {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"open\":true} | {\"error\":\"invalid_field\",\"detail\":\"A callback can't be reopened; a done one stays done. Mark it called back with {\\\"open\\\":false}.\"}",
            "{\"open\":\"no\"} | {\"error\":\"invalid_field\",\"detail\":\"open must be true or false, not string.\"}",
            "{\"open\":null} | {\"error\":\"invalid_field\",\"detail\":\"open must be true or false, not null.\"}",
            "{} | {\"error\":\"missing_field\",\"detail\":\"Mark the callback called back with {\\\"open\\\":false}.\"}",
            "{\"open\":false,\"summary\":\"x\"} | {\"error\":\"unknown_field\",\"detail\":\"A callback can only be marked called back with {\\\"open\\\":false}, not changed in 'summary'.\"}",
            "{\"status\":\"done\"} | {\"error\":\"unknown_field\",\"detail\":\"A callback can only be marked called back with {\\\"open\\\":false}, not changed in 'status'.\"}"})
    void malformedBodiesAre400AndCloseNothing(String body, String error) {
        mariaLeavesAMessage();

        HttpResponse<String> response = server.send("PATCH", "/api/callbacks/1", "application/json", body);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(error));
        assertThat(store.callbacks().getFirst().open(), is(true));
    }

    @ParameterizedTest(name = "GET {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/callbacks?open_only=yes | {\"error\":\"invalid_parameter\",\"detail\":\"'open_only' must be true or false, not 'yes'.\"}",
            "/api/callbacks?open=true | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'open'; this endpoint takes limit, open_only.\"}",
            "/api/callbacks?limit=0 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '0'.\"}",
            "/api/callbacks?limit=201 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '201'.\"}"})
    void malformedQueriesAre400(String path, String body) {
        HttpResponse<String> response = server.get(path);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(body));
    }

    @Test
    void theRestOfHttpIsAnsweredWithItsJsonError() {
        assertThat(server.send("PATCH", "/api/callbacks/0", "application/json", "{\"open\":false}").body(),
                is("{\"error\":\"invalid_id\",\"detail\":\"Callback ids are positive whole numbers, not '0'.\"}"));
        assertThat(server.send("PATCH", "/api/callbacks/1", "text/plain", "done").statusCode(), is(415));
        HttpResponse<String> get = server.get("/api/callbacks/1");
        assertThat(List.of(get.statusCode(), get.headers().firstValue("Allow").orElse("")),
                is(List.of(405, "PATCH")));
        HttpResponse<String> delete = server.send("DELETE", "/api/callbacks", "application/json", "");
        assertThat(List.of(delete.statusCode(), delete.headers().firstValue("Allow").orElse("")),
                is(List.of(405, "GET")));
        HttpResponse<String> below = server.send("POST", "/api/callbacks/1/done", "application/json", "{}");
        assertThat(below.statusCode(), is(404));
        assertThat(below.body(), is("{\"error\":\"not_found\",\"detail\":\"Nothing at /api/callbacks/1/done; see "
                + "/api/callbacks and /api/callbacks/{id}.\"}"));
    }

    /**
     * Maria's call: the agent hands her to the pharmacist after verifying her, the pharmacy is closed, and she leaves a
     * 17-second message.
     */
    private void mariaLeavesAMessage() {
        store.record(new Handoff("CA1", Handoff.Kind.TRANSFER, "+15551230001", SUMMARY, true, EVENING));
        if (!(desk.afterStream("CA1", "+15551230001") instanceof AfterStream.Voicemail voicemail)
                || voicemail.reason() != Callback.Reason.CLOSED) {
            throw new AssertionError("Maria was not offered the voicemail of a closed pharmacy");
        }
        desk.voicemailLeft("CA1", "+15551230001", voicemail.reason(), Optional.of(RECORDING), 17);
    }

    private HttpResponse<String> close(long id) {
        return server.send("PATCH", "/api/callbacks/" + id, "application/json", "{\"open\":false}");
    }
}
