package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Subject;

/**
 * {@code /api/opt-outs} on the real server and its H2 database: staff list a number however they write it, it is
 * honoured at once (its queued calls end), listing it again changes nothing, and the list shows numbers masked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OptOutsApiTest {

    @TempDir
    static Path dataDir;
    private static RunningServer pharmacy;

    @BeforeAll
    static void start() {
        pharmacy = RunningServer.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    /** Nothing in the list has the last four digits of {@code number}, which no test lists. */
    private static boolean unlisted(String number) {
        return pharmacy.records.optOuts().find(number).isEmpty()
                && !pharmacy.get("/api/opt-outs?limit=200").body().contains(number.substring(number.length() - 4));
    }

    private HttpResponse<String> add(String body) {
        return pharmacy.post("/api/opt-outs", body);
    }

    @Test
    @Order(1)
    void anEmptyListSaysSo() {
        HttpResponse<String> response = pharmacy.get("/api/opt-outs");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"opt_outs\":[],\"count\":0,\"limit\":50}"));
    }

    @Test
    void aNumberStaffListIsStoredInE164AndShownMaskedAtTheTopOfTheList() {
        HttpResponse<String> listed = add("{\"number\":\" (202) 555-0199 \"}");

        assertThat(listed.statusCode(), is(201));
        assertThat(listed.body(), matchesPattern("\\{\"number\":\"\\+12025550199\",\"phone\":\"\\+1\\*{6}0199\","
                + "\"source\":\"staff\",\"opted_out_at\":\"[0-9T:-]+Z\",\"listed_now\":true}"));
        assertThat(pharmacy.records.optOuts().find("+12025550199").orElseThrow().source(), is("staff"));
        String at = listed.body().replaceAll(".*\"opted_out_at\":\"([^\"]+)\".*", "$1");
        assertThat(pharmacy.get("/api/opt-outs?limit=1").body(), is("{\"opt_outs\":[{\"phone\":\"+1******0199\","
                + "\"source\":\"staff\",\"opted_out_at\":\"" + at + "\"}],\"count\":1,\"limit\":1}"));
    }

    @Test
    void listingANumberAgainKeepsTheFirstListingAndSaysSo() {
        String first = add("{\"number\":\"+13125550142\"}").body();
        int listed = pharmacy.records.optOuts().list(200).size();

        HttpResponse<String> again = add("{\"number\":\"312.555.0142\"}");

        assertThat(again.statusCode(), is(200));
        assertThat(again.body(), is(first.replace("\"listed_now\":true", "\"listed_now\":false")));
        assertThat(pharmacy.records.optOuts().list(200).size(), is(listed));
    }

    @Test
    void theNumbersQueuedCallsEndAtOnceAndOtherNumbersKeepTheirs() {
        var book = pharmacy.records.notifications();
        Notification alices = book.queue(new NewNotification(NotificationKind.REFILL_REMINDER,
                new Subject.RunningOut("2001001", LocalDate.of(2025, 1, 2)), Optional.of(1L), "+12025550101",
                Instant.now())).notification();
        Notification bobs = book.queue(new NewNotification(NotificationKind.REFILL_REMINDER,
                new Subject.RunningOut("2002001", LocalDate.of(2025, 1, 2)), Optional.of(2L), "+12025550102",
                Instant.now())).notification();

        assertThat(add("{\"number\":\"2025550101\"}").statusCode(), is(201));

        assertThat(book.notification(alices.id()).orElseThrow().state(), is(NotificationState.OPTED_OUT));
        assertThat(book.notification(bobs.id()).orElseThrow().state(), is(NotificationState.QUEUED));
        assertThat(pharmacy.get("/api/outbound?state=opted_out").body(), startsWith("{\"notifications\":[{\"id\":"
                + alices.id() + ","));
    }

    @ParameterizedTest(name = "POST {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"number\":\"12\"} | {\"error\":\"invalid_number\",\"detail\":\"That is not a phone number the pharmacy "
            + "could call; write it as +15551234567 or (555) 123-4567.\"}",
        "{\"number\":\"call me maybe\"} | {\"error\":\"invalid_number\",\"detail\":\"That is not a phone number the "
            + "pharmacy could call; write it as +15551234567 or (555) 123-4567.\"}",
        "{\"number\":\"+0123456789\"} | {\"error\":\"invalid_number\",\"detail\":\"That is not a phone number the "
            + "pharmacy could call; write it as +15551234567 or (555) 123-4567.\"}",
        "{\"number\":15551234567} | {\"error\":\"invalid_field\",\"detail\":\"number must be a string, not number.\"}",
        "{\"number\":null} | {\"error\":\"invalid_field\",\"detail\":\"number must be a string, not null.\"}",
        "{} | {\"error\":\"missing_field\",\"detail\":\"Say which number gets no more calls, e.g. "
            + "{\\\"number\\\":\\\"+15551234567\\\"}.\"}",
        "{\"number\":\"+15551234567\",\"source\":\"call\"} | {\"error\":\"unknown_field\",\"detail\":\"Only a number "
            + "can be listed, as {\\\"number\\\":\\\"+15551234567\\\"}, not 'source'.\"}",
        "[\"+15551234567\"] | {\"error\":\"malformed_json\",\"detail\":\"The body must be a JSON object, not array.\"}",
        "{\"number\":\"+15551234567\"} {} | {\"error\":\"malformed_json\",\"detail\":\"The body is not valid JSON: "
            + "Expected EOF token, but got CURLYOPEN.\"}"})
    void aBadBodyIsA400AndListsNothing(String body, String error) {
        HttpResponse<String> response = add(body);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(error));
        assertThat(unlisted("+15551234567"), is(true));
    }

    @Test
    void brokenJsonAWrongTypeAndAHugeBodyAreRefused() {
        HttpResponse<String> broken = add("{\"number\":");
        assertThat(broken.statusCode(), is(400));
        assertThat(broken.body(),
                startsWith("{\"error\":\"malformed_json\",\"detail\":\"The body is not valid JSON: "));
        assertThat(add("").body(), is("{\"error\":\"malformed_json\",\"detail\":\"The body is empty; send a JSON "
                + "object.\"}"));
        assertThat(pharmacy.send("POST", "/api/opt-outs", "text/plain", "+15551234567").statusCode(), is(415));
        HttpResponse<String> huge = add("{\"number\":\"" + "1".repeat(5000) + "\"}");
        assertThat(huge.statusCode(), is(413));
        assertThat(huge.body(), is("{\"error\":\"body_too_large\",\"detail\":\"The body must be at most 4096 "
                + "bytes.\"}"));
        assertThat(unlisted("+15551234567"), is(true));
    }

    @Test
    void theRestOfHttpIsAnsweredWithItsJsonError() {
        assertThat(pharmacy.get("/api/opt-outs?limit=x").body(), is("{\"error\":\"invalid_parameter\",\"detail\":"
                + "\"'limit' must be a whole number from 1 to 200, not 'x'.\"}"));
        assertThat(pharmacy.get("/api/opt-outs?number=1").statusCode(), is(400));
        HttpResponse<String> delete = pharmacy.send("DELETE", "/api/opt-outs", "application/json", "");
        assertThat(delete.statusCode(), is(405));
        assertThat(delete.headers().firstValue("Allow"), is(Optional.of("GET, POST")));
        HttpResponse<String> below = pharmacy.get("/api/opt-outs/+15551234567");
        assertThat(below.statusCode(), is(404));
        assertThat(below.body(), startsWith("{\"error\":\"not_found\",\"detail\":\"Nothing at /api/opt-outs/"));
    }

    @Test
    void staffWithoutTheTokenAreTurnedAway() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(pharmacy.uri("/api/opt-outs"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"number\":\"+15551234567\"}")).build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode(), is(401));
        assertThat(unlisted("+15551234567"), is(true));
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(pharmacy.uri("/api/outbound")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), is(401));
    }
}
