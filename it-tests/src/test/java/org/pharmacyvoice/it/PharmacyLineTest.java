package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pharmacy line end to end: a real server on its H2 file with the demo patients, calls from the fake Twilio
 * caller, tools run by the fake agent the way Deepgram asks for them, and the staff API reading what the calls left.
 * Each test uses its own demo patients' prescriptions, so the order the tests run in does not matter.
 */
class PharmacyLineTest {

    private static final String ALICES_PHONE = "+12025550101";
    private static final String BOBS_PHONE = "+12025550102";
    private static final String CARMENS_SECOND_PHONE = "+12025550199";
    private static final String STRANGER = "+15550777777";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void openThePharmacy() {
        // The shop's hours: a refill is ready within them, never on Sunday.
        pharmacy = RunningPharmacy.start(dataDir, Map.of("pharmacy.hours", RunningPharmacy.SHOP_HOURS));
    }

    @AfterAll
    static void closeThePharmacy() {
        pharmacy.close();
    }

    @Test
    void aVerifiedCallerRefillsTwoPrescriptionsInOneCallAndStaffFindThemInTheQueue() {
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            call.verifyAs("Alice Moreno", "1958-04-12");

            JsonObject lisinopril = call.requestRefill("2001001");
            JsonObject atorvastatin = call.requestRefill("2001002");
            JsonObject again = call.requestRefill("2001001");
            JsonObject status = call.run("refill_status", "{\"rx_number\":\"2001001\"}");

            assertThat(lisinopril.toString(), lisinopril.getString("outcome"), equalTo("queued"));
            assertThat(lisinopril.getString("drug"), equalTo("lisinopril"));
            assertThat(lisinopril.getString("ready_by"), matchesPattern(
                    "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday), [A-Z][a-z]+ \\d{1,2} at \\d{1,2}:\\d\\d [AP]M"));
            assertThat(atorvastatin.getString("outcome"), equalTo("queued"));
            assertThat(again.getString("outcome"), equalTo("already_queued"));
            assertThat(again.getJsonNumber("refill_id"), equalTo(lisinopril.getJsonNumber("refill_id")));
            assertThat(status.getJsonObject("latest_refill").getString("status"), equalTo("pending"));
        }

        JsonObject queue = staff("/api/refills?status=pending");
        List<String> queued = queue.getJsonArray("refills").getValuesAs(JsonObject.class).stream()
                .map(refill -> refill.getString("rx_number")).toList();
        assertThat(queued.stream().filter("2001001"::equals).count(), is(1L));
        assertThat(queued, hasItem("2001002"));
    }

    @Test
    void aCallerWhoHasNotProvedWhoTheyAreHearsNothingAndQueuesNothing() {
        try (var call = PhoneCall.from(pharmacy, BOBS_PHONE)) {
            for (JsonObject answer : List.of(call.requestRefill("2002001"),
                    call.run("list_prescriptions", "{}"),
                    call.run("refill_status", "{\"rx_number\":\"2002001\"}"))) {
                assertThat(answer.toString(), answer.getString("error", "(no error)"), equalTo(
                        "The caller has not been verified, so no patient information can be given or changed yet."));
                assertNothingOf(answer, "Bob", "Tanaka", "sertraline", "2002001");
            }
        }
        assertThat(staff("/api/refills").toString(), not(containsString("2002001")));
    }

    @Test
    void threeWrongDatesOfBirthLockTheCallEvenAgainstTheRightOne() {
        try (var call = PhoneCall.from(pharmacy, STRANGER)) {
            List<JsonObject> tries = List.of(
                    verify(call, "Keiko Sato", "1968-09-18"),
                    verify(call, "Keiko Sato", "1986-09-17"),
                    verify(call, "Keiko Sato", "1968-07-17"),
                    verify(call, "Keiko Sato", "1968-09-17"));
            JsonObject refill = call.requestRefill("3005002");

            assertThat(tries.stream().map(answer -> answer.getString("outcome")).toList(),
                    equalTo(List.of("no_match", "no_match", "locked", "locked")));
            assertThat(tries.stream().map(answer -> answer.getInt("attempts_left")).toList(),
                    equalTo(List.of(2, 1, 0, 0)));
            assertThat(refill.getString("error", "(no error)"), containsString("Verification is locked"));
            tries.forEach(answer -> assertNothingOf(answer, "Keiko", "Sato", "3005"));
        }
        assertThat(staff("/api/refills").toString(), not(containsString("\"rx_number\":\"3005")));
    }

    @Test
    void aGuesserCallingAgainAndAgainIsStoppedAfterFiveWrongDatesAndTheRightOneThenSoundsWrongToo() {
        for (int call = 0; call < 5; call++) {
            try (var guess = PhoneCall.from(pharmacy, "+1555088000" + call)) {
                assertThat(verify(guess, "Luis Ramirez", "1975-02-" + (10 + call)).getString("outcome"),
                        equalTo("no_match"));
            }
        }
        JsonObject rightDate;
        try (var call = PhoneCall.from(pharmacy, "+15550880009")) {
            rightDate = verify(call, "Luis Ramirez", "1975-02-28");
        }

        assertThat(rightDate.toString(), rightDate.getString("outcome"), equalTo("no_match"));
        assertThat(rightDate.getInt("attempts_left"), is(2));
        assertNothingOf(rightDate, "Luis", "Ramirez");
    }

    @Test
    void whatTheLawAndTheCalendarRefuseIsSaidWithTheReasonAndRenewalsReachTheStaff() {
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            call.verifyAs("Alice Moreno", "1958-04-12");
            assertThat(call.requestRefill("2001003").getString("outcome"), equalTo("needs_new_prescription"));
        }
        try (var call = PhoneCall.from(pharmacy, BOBS_PHONE)) {
            call.verifyAs("Bob Tanaka", "1971-09-30");

            JsonObject tooSoon = call.requestRefill("2002001");
            JsonObject noneLeft = call.requestRefill("2002002");
            JsonObject expired = call.requestRefill("2002003");

            assertThat(tooSoon.getString("outcome"), equalTo("too_soon"));
            assertThat(tooSoon.getString("earliest_date"), matchesPattern("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2}"));
            assertThat(noneLeft.getString("outcome"), equalTo("renewal_requested"));
            assertThat(noneLeft.getString("reason"), equalTo("no_refills_left"));
            assertThat(noneLeft.getString("prescriber"), equalTo("Dr. Helen Park"));
            assertThat(expired.getString("outcome"), equalTo("renewal_requested"));
            assertThat(expired.getString("reason"), equalTo("expired"));
        }
        List<String> renewals = staff("/api/renewal-requests").getJsonArray("renewal_requests")
                .getValuesAs(JsonObject.class).stream().map(request -> request.getString("rx_number")).toList();
        assertThat(renewals, hasItem("2002002"));
        assertThat(renewals, hasItem("2002003"));
        assertThat(staff("/api/refills").toString(), not(containsString("2001003")));
    }

    @Test
    void prescriptionDrugsAreRefilledNeverOrderedEvenByAVerifiedPatientWhileOverTheCounterOnesAreOrderedByAnyone() {
        JsonObject prescriptionOnly;
        JsonObject overTheCounter;
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            call.verifyAs("Alice Moreno", "1958-04-12");
            prescriptionOnly = call.run("place_order",
                    "{\"customer_name\":\"Alice Moreno\",\"drug_name\":\"Zestril\",\"quantity\":1}");
        }
        try (var call = PhoneCall.from(pharmacy, STRANGER)) {
            overTheCounter = call.run("place_order",
                    "{\"customer_name\":\"Pat Doe\",\"drug_name\":\"Advil\",\"quantity\":1}");
        }

        assertThat(prescriptionOnly.toString(), prescriptionOnly.containsKey("order_id"), is(false));
        assertThat(prescriptionOnly.getString("error"), containsString("prescription"));
        assertThat(overTheCounter.toString(), overTheCounter.getString("status"), equalTo("pending"));
        assertThat(staff("/api/orders").toString(), not(containsString("lisinopril")));
    }

    @Test
    void anotherPatientsRxNumberSoundsExactlyLikeOneThatDoesNotExist() {
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            call.verifyAs("Alice Moreno", "1958-04-12");

            JsonObject bobs = call.requestRefill("2002001");
            JsonObject nobodys = call.requestRefill("9999991");

            assertThat(bobs, equalTo(nobodys));
            assertThat(bobs.getString("error"), equalTo("No prescription with that Rx number is on file for this patient."));
        }
    }

    @Test
    void anRxNumberTypedOnTheKeypadReachesTheAgentAsTheCallersTurnAndIsRefilled() {
        try (var call = PhoneCall.from(pharmacy, CARMENS_SECOND_PHONE)) {
            call.verifyAs("Carmen Diaz", "1990-02-14");

            call.pressKeys("2003001#");
            List<String> typed = call.typedTurns(1);
            String digits = typed.get(0).replaceAll("\\D", "");
            JsonObject refill = call.requestRefill(digits);

            assertThat(typed, equalTo(List.of("The caller typed on the keypad: 2003001")));
            assertThat(refill.getString("outcome"), equalTo("queued"));
        }
    }

    @Test
    void theCallRecordKeepsOutcomesButNoNamesDatesNumbersOrDrugsAndTheLogNoneOfThem() {
        String callSid;
        List<String> logged;
        try (var log = new CapturedLog("org.pharmacyvoice"); var call = PhoneCall.from(pharmacy, "+12025550104")) {
            callSid = call.callSid();
            call.heard("user", "Hi, this is David Lee, born June 1st 1985, my Rx is 2004001 for amlodipine.");
            call.heard("assistant", "Thank you David, one moment.");
            call.verifyAs("David Lee", "1985-06-01");
            call.requestRefill("2004001");
            call.run("list_prescriptions", "{}");
            call.pressKeys("19850601#");
            call.typedTurns(1);
            logged = log.lines();
        }

        JsonObject record = pharmacy.endedCall(callSid, WAIT);
        String text = record.getJsonArray("transcript").toString() + record.getJsonArray("tool_calls");

        assertNothingOf(record, "David", "Lee", "1985", "2004001", "amlodipine", "June", "19850601");
        assertThat(String.join("\n", logged), containsString("caller verified as patient"));
        for (String line : logged) {
            for (String secret : List.of("David", "Lee", "1985", "06-01", "2004001", "amlodipine", "19850601")) {
                assertThat(line, not(containsString(secret)));
            }
        }
        assertThat(text, containsString("•••"));
        List<JsonObject> tools = record.getJsonArray("tool_calls").getValuesAs(JsonObject.class);
        assertThat(tools.stream().map(run -> run.getString("tool")).toList(),
                equalTo(List.of("verify_caller", "request_refill", "list_prescriptions")));
        assertThat(tools.get(0).getString("result"), containsString("\"outcome\":\"verified\""));
        assertThat(tools.get(1).getString("result"), containsString("\"outcome\":\"queued\""));
        assertThat(tools.stream().map(run -> run.getString("arguments")).toList(), equalTo(List.of(
                "{\"full_name\":\"•••\",\"date_of_birth\":\"•••\"}", "{\"rx_number\":\"•••\"}", "{}")));
    }

    private static JsonObject verify(PhoneCall call, String name, String born) {
        return call.run("verify_caller", "{\"full_name\":\"" + name + "\",\"date_of_birth\":\"" + born + "\"}");
    }

    private static void assertNothingOf(JsonValue answer, String... details) {
        for (String detail : details) {
            assertThat(answer.toString(), not(containsString(detail)));
        }
    }

    private static JsonObject staff(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(pharmacy.http(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(path + ": " + response.body(), response.statusCode(), is(200));
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (IOException e) {
            throw new AssertionError("the staff API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
