package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/** Staff find patients and open their files, over the dispensary's use cases with the records in memory. */
class PatientsApiTest {

    private static final String MARIA = "{\"id\":1,\"first_name\":\"Maria\",\"last_name\":\"Lopez\","
            + "\"date_of_birth\":\"1970-05-02\",\"phone_numbers\":[\"+15551230001\"]}";
    private static final String MARCO = "{\"id\":2,\"first_name\":\"Marco\",\"last_name\":\"Bianchi\","
            + "\"date_of_birth\":\"1985-11-20\",\"phone_numbers\":[\"+15559870002\",\"+15559870003\"]}";

    private final SeededDispensary pharmacy = new SeededDispensary();
    private final HandlerServer server = HandlerServer.with(http -> pharmacy.apis().addRoutes(http));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPatientIsFoundByTheStartOfANameInAnyCase() {
        HttpResponse<String> response = server.get("/api/patients?name=LOP");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"patients\":[" + MARIA + "],\"count\":1,\"limit\":50}"));
    }

    @Test
    void aPatientIsFoundByDigitsOfAPhoneNumberHoweverTheyAreWritten() {
        assertThat(server.get("/api/patients?phone=(555)%20987-0003").body(),
                is("{\"patients\":[" + MARCO + "],\"count\":1,\"limit\":50}"));
        assertThat(server.get("/api/patients?phone=%2B1555123").body(),
                is("{\"patients\":[" + MARIA + "],\"count\":1,\"limit\":50}"));
        assertThat(server.get("/api/patients?name=maria&phone=9870").body(),
                is("{\"patients\":[],\"count\":0,\"limit\":50}"));
    }

    @Test
    void severalPatientsComeByLastNameUpToTheLimit() {
        assertThat(server.get("/api/patients?name=mar").body(),
                is("{\"patients\":[" + MARCO + "," + MARIA + "],\"count\":2,\"limit\":50}"));
        assertThat(server.get("/api/patients?name=mar&limit=1").body(),
                is("{\"patients\":[" + MARCO + "],\"count\":1,\"limit\":1}"));
        assertThat("no name and no phone: everyone, a page at a time", server.get("/api/patients").body(),
                is("{\"patients\":[" + MARCO + "," + MARIA + "],\"count\":2,\"limit\":50}"));
    }

    @Test
    void theLargestPageIsTheDispensarysOwnCap() {
        assertThat(server.get("/api/patients?limit=" + PatientsApi.MAX_LIMIT).statusCode(), is(200));
        assertThat(server.get("/api/renewal-requests?limit=" + RenewalRequestsApi.MAX_LIMIT).statusCode(), is(200));
        assertThat(server.get("/api/patients?limit=" + (PatientsApi.MAX_LIMIT + 1)).statusCode(), is(400));
    }

    @Test
    void aPatientsFileHoldsTheirPrescriptionsNewestWrittenFirst() {
        HttpResponse<String> response = server.get("/api/patients/1");

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is(MARIA.substring(0, MARIA.length() - 1) + ",\"prescriptions\":["
                + "{\"rx_number\":\"1000001\",\"drug\":\"atorvastatin\",\"strength\":\"10 mg\","
                + "\"directions\":\"Take one tablet daily.\",\"prescriber\":\"Dr. Ana Ruiz\","
                + "\"written_on\":\"2025-01-10\",\"refills_authorized\":5,\"refills_remaining\":3,\"days_supply\":30,"
                + "\"last_filled_on\":\"2025-02-01\",\"schedule\":\"none\",\"status\":\"active\"},"
                + "{\"rx_number\":\"1000002\",\"drug\":\"lisinopril\",\"strength\":\"10 mg\","
                + "\"directions\":\"Take one tablet daily.\",\"prescriber\":\"Dr. Ana Ruiz\","
                + "\"written_on\":\"2024-12-01\",\"refills_authorized\":2,\"refills_remaining\":0,\"days_supply\":30,"
                + "\"last_filled_on\":\"2025-02-20\",\"schedule\":\"none\",\"status\":\"active\"}]}"));
    }

    @Test
    void aPrescriptionNeverFilledShowsNoFillDate() {
        assertThat(server.get("/api/patients/2").body(), startsWith(MARCO.substring(0, MARCO.length() - 1)
                + ",\"prescriptions\":[{\"rx_number\":\"1000003\","));
        assertThat(server.get("/api/patients/2").body().contains("\"last_filled_on\":null,\"schedule\":\"none\""),
                is(true));
    }

    @Test
    void aPickUpShowsInThePatientsFile() {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        pharmacy.dispensary.refillQueue().changeRefillStatus(id, RefillStatus.READY);
        pharmacy.dispensary.refillQueue().changeRefillStatus(id, RefillStatus.PICKED_UP);

        assertThat(server.get("/api/patients/1").body().contains("\"rx_number\":\"1000001\",\"drug\":\"atorvastatin\","
                + "\"strength\":\"10 mg\",\"directions\":\"Take one tablet daily.\",\"prescriber\":\"Dr. Ana Ruiz\","
                + "\"written_on\":\"2025-01-10\",\"refills_authorized\":5,\"refills_remaining\":2,\"days_supply\":30,"
                + "\"last_filled_on\":\"2025-03-14\""), is(true));
    }

    @Test
    void anUnknownPatientIsA404AndABadIdA400() {
        HttpResponse<String> unknown = server.get("/api/patients/9");
        HttpResponse<String> bad = server.get("/api/patients/maria");

        assertThat(unknown.statusCode(), is(404));
        assertThat(unknown.body(), is("{\"error\":\"not_found\",\"detail\":\"No patient with id 9.\"}"));
        assertThat(bad.statusCode(), is(400));
        assertThat(bad.body(), is("{\"error\":\"invalid_id\",\"detail\":\"Patient ids are positive whole numbers, "
                + "not 'maria'.\"}"));
    }

    @ParameterizedTest(name = "GET {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/patients?phone=555-CALL-NOW | {\"error\":\"invalid_parameter\",\"detail\":\"'phone' must be 1 to 15 digits of a phone number (spaces, dashes, dots, parentheses and a leading + are ignored).\"}",
            "/api/patients?phone=%2B%2B | {\"error\":\"invalid_parameter\",\"detail\":\"'phone' must be 1 to 15 digits of a phone number (spaces, dashes, dots, parentheses and a leading + are ignored).\"}",
            "/api/patients?phone=1234567890123456 | {\"error\":\"invalid_parameter\",\"detail\":\"'phone' must be 1 to 15 digits of a phone number (spaces, dashes, dots, parentheses and a leading + are ignored).\"}",
            "/api/patients?limit=201 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '201'.\"}",
            "/api/patients?limit=-1 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '-1'.\"}",
            "/api/patients?dob=1970-05-02 | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'dob'; this endpoint takes limit, name, phone.\"}",
            "/api/patients?name=a&name=b | {\"error\":\"repeated_parameter\",\"detail\":\"Give the query parameter 'name' at most once.\"}"})
    void malformedQueriesAre400WithAJsonErrorSayingWhatWasWrong(String path, String body) {
        HttpResponse<String> response = server.get(path);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(body));
    }

    @Test
    void aNameLongerThanAnyNameIsRefused() {
        HttpResponse<String> response = server.get("/api/patients?name=" + "a".repeat(101));

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is("{\"error\":\"invalid_parameter\",\"detail\":\"'name' must be at most 100 "
                + "characters.\"}"));
        assertThat(server.get("/api/patients?name=" + "a".repeat(100)).statusCode(), is(200));
    }

    @Test
    void patientsCanOnlyBeLookedAt() {
        HttpResponse<String> post = server.send("POST", "/api/patients", "application/json", "{}");
        HttpResponse<String> patch = server.send("PATCH", "/api/patients/1", "application/json", "{}");

        assertThat(post.statusCode(), is(405));
        assertThat(post.headers().firstValue("Allow"), is(Optional.of("GET")));
        assertThat(patch.statusCode(), is(405));
        assertThat(server.get("/api/patients/1/prescriptions").statusCode(), is(404));
    }
}
