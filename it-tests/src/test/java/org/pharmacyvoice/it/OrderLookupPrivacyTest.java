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
 * lookup_order over real calls: order numbers are sequential and easy to guess, so only the line that placed an order
 * hears its details. Another number hears exactly what it would for an order that does not exist; a withheld number
 * and the browser softphone, which identify no line, hear that orders can't be discussed without caller ID.
 */
class OrderLookupPrivacyTest {

    private static final String ALICE = "+15550400001";
    private static final String BOB = "+15550400002";
    private static final String NO_CALLER_ID =
            "This call has no caller ID, so no order can be found or discussed by phone.";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private static long alicesOrder;

    @BeforeAll
    static void aliceOrders() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
        try (var call = PhoneCall.from(pharmacy, ALICE)) {
            alicesOrder = call.placeOrder("Alice Moreau", "Claritin", 2);
        }
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    @Test
    void theLineThatPlacedTheOrderHearsItsDetails() {
        JsonObject found = lookUp(ALICE, alicesOrder);

        assertThat(found.getJsonNumber("order_id").longValueExact(), equalTo(alicesOrder));
        assertThat(found.getString("customer_name"), equalTo("Alice Moreau"));
        assertThat(found.getString("drug"), equalTo("loratadine"));
        assertThat(found.getInt("quantity"), equalTo(2));
        assertThat(found.getString("status"), equalTo("pending"));
    }

    @Test
    void anotherNumberHearsWhatItWouldForAnOrderThatDoesNotExist() {
        long unknown = alicesOrder + 1000;

        JsonObject alices = lookUp(BOB, alicesOrder);
        JsonObject none = lookUp(BOB, unknown);

        assertThat(alices.toString(), alices.getString("error", "(no error)"),
                equalTo("No order number " + alicesOrder + " was placed from this phone number."));
        assertThat(alices.toString().replace(Long.toString(alicesOrder), "N"),
                equalTo(none.toString().replace(Long.toString(unknown), "N")));
        assertNothingOfAlicesOrder(alices);
    }

    @ParameterizedTest(name = "From \"{0}\"")
    @ValueSource(strings = {"anonymous", "+266696687", "+8656696"})
    void aWithheldNumberHearsNoOrderDetails(String withheld) {
        JsonObject answer = lookUp(withheld, alicesOrder);

        assertThat(answer.toString(), answer.getString("error", "(no error)"), equalTo(NO_CALLER_ID));
        assertNothingOfAlicesOrder(answer);
    }

    @Test
    void theBrowserSoftphoneHearsNoOrderDetailsWhateverNumberItClaims() throws Exception {
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
                    Map.of("streamToken", session.getString("stream_token"), "From", ALICE));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            var lookup = FunctionCall.of("lookup_order", "{\"order_id\":" + alicesOrder + "}");
            agent.requestFunctions(lookup);
            JsonObject answer = json(agent.awaitFunctionResponse(lookup.id(), WAIT).getString("content"));

            assertThat(answer.toString(), answer.getString("error", "(no error)"), equalTo(NO_CALLER_ID));
            assertNothingOfAlicesOrder(answer);
            softphone.sendStop();
        }
    }

    private static JsonObject lookUp(String callerNumber, long orderId) {
        try (var call = PhoneCall.from(pharmacy, callerNumber)) {
            return call.run("lookup_order", "{\"order_id\":" + orderId + "}");
        }
    }

    private static void assertNothingOfAlicesOrder(JsonObject answer) {
        for (String detail : new String[] {"Alice", "Moreau", "loratadine", "Claritin", "pending", "23.98"}) {
            assertThat(answer.toString(), not(containsString(detail)));
        }
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
