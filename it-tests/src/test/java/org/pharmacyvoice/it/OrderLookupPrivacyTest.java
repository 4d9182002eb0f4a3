package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * lookup_order over real calls: order numbers are sequential and easy to guess, and caller ID can be spoofed, so an
 * order's details go only to a caller who has proved to be the patient (name and date of birth) whose phone number on
 * file placed it, whatever line they call from. Another verified patient hears exactly what they would for an order
 * that does not exist; a caller who has not proved who they are hears that they must, even on the patient's own line.
 */
class OrderLookupPrivacyTest {

    /** Demo patients (README, "Demo patients") and their lines on file. */
    private static final String ALICES_PHONE = "+12025550101";
    private static final String BOBS_PHONE = "+12025550102";
    private static final String NOT_VERIFIED =
            "The caller has not been verified, so no patient information can be given or changed yet.";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private static long alicesOrder;

    @BeforeAll
    static void aliceOrders() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            alicesOrder = call.placeOrder("Alice Moreno", "Claritin", 2);
        }
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @ParameterizedTest(name = "Calling from \"{0}\"")
    @ValueSource(strings = {ALICES_PHONE, "anonymous", "+15550400009"})
    void thePatientWhoseLinePlacedTheOrderHearsItsDetailsOnceVerifiedFromAnyLine(String line) {
        try (var call = PhoneCall.from(pharmacy, line)) {
            call.verifyAs("Alice Moreno", "1958-04-12");
            JsonObject found = call.run("lookup_order", "{\"order_id\":" + alicesOrder + "}");

            assertThat(found.toString(), found.getJsonNumber("order_id").longValueExact(), equalTo(alicesOrder));
            assertThat(found.getString("customer_name"), equalTo("Alice Moreno"));
            assertThat(found.getString("drug"), equalTo("loratadine"));
            assertThat(found.getInt("quantity"), equalTo(2));
            assertThat(found.getString("status"), equalTo("pending"));
        }
    }

    @Test
    void anotherVerifiedPatientHearsWhatTheyWouldForAnOrderThatDoesNotExist() {
        long unknown = alicesOrder + 1000;
        JsonObject alices;
        JsonObject none;
        try (var call = PhoneCall.from(pharmacy, BOBS_PHONE)) {
            call.verifyAs("Bob Tanaka", "1971-09-30");
            alices = call.run("lookup_order", "{\"order_id\":" + alicesOrder + "}");
            none = call.run("lookup_order", "{\"order_id\":" + unknown + "}");
        }

        assertThat(alices.toString(), alices.getString("error", "(no error)"),
                equalTo("No order number " + alicesOrder + " is on file for this patient."));
        assertThat(alices.toString().replace(Long.toString(alicesOrder), "N"),
                equalTo(none.toString().replace(Long.toString(unknown), "N")));
        assertNothingOfAlicesOrder(alices);
    }

    @ParameterizedTest(name = "From \"{0}\"")
    @ValueSource(strings = {ALICES_PHONE, "anonymous", "+266696687"})
    void aCallerWhoHasNotProvedWhoTheyAreHearsNoOrderDetailsEvenOnThePatientsOwnLine(String line) {
        try (var call = PhoneCall.from(pharmacy, line)) {
            for (JsonObject answer : List.of(call.run("lookup_order", "{\"order_id\":" + alicesOrder + "}"),
                    call.run("find_my_orders", "{}"),
                    call.run("cancel_order", "{\"order_id\":" + alicesOrder + "}"))) {
                assertThat(answer.toString(), answer.getString("error", "(no error)"), equalTo(NOT_VERIFIED));
                assertNothingOfAlicesOrder(answer);
            }
        }
        assertThat(lookUpAsAlice().getString("status"), equalTo("pending"));
    }

    @Test
    void theBrowserSoftphoneHearsNoOrderDetailsWhateverNumberItClaimsUntilVerified() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(pharmacy.http("/softphone/session"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), equalTo(200));
        JsonObject session = json(response.body());

        try (var softphone = FakeTwilioCaller.connect(
                URI.create("ws://127.0.0.1:" + pharmacy.server.port() + "/softphone-stream"))) {
            softphone.sendConnected();
            softphone.sendStart(session.getString("call_sid"), FakeTwilioCaller.newStreamSid(),
                    Map.of("streamToken", session.getString("stream_token"), "From", ALICES_PHONE));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            var lookup = FunctionCall.of("lookup_order", "{\"order_id\":" + alicesOrder + "}");
            agent.requestFunctions(lookup);
            JsonObject answer = json(agent.awaitFunctionResponse(lookup.id(), WAIT).getString("content"));

            assertThat(answer.toString(), answer.getString("error", "(no error)"), equalTo(NOT_VERIFIED));
            assertNothingOfAlicesOrder(answer);
            softphone.sendStop();
        }
    }

    private static JsonObject lookUpAsAlice() {
        try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            call.verifyAs("Alice Moreno", "1958-04-12");
            return call.run("lookup_order", "{\"order_id\":" + alicesOrder + "}");
        }
    }

    private static void assertNothingOfAlicesOrder(JsonObject answer) {
        for (String detail : new String[] {"Alice", "Moreno", "loratadine", "Claritin", "pending", "23.98"}) {
            assertThat(answer.toString(), not(containsString(detail)));
        }
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
