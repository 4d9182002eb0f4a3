package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/** The server as an operator meets it: started without a Deepgram key, and restarted with orders on disk. */
class ServerLifecycleTest {

    /** A demo patient's own line (README, "Demo patients"). */
    private static final String ALICES_PHONE = "+12025550101";

    @TempDir
    Path dataDir;

    @Test
    void aPortAnotherServerHoldsStopsTheStartWithTheReasonInsteadOfAServerThatTakesNoCalls() throws Exception {
        try (var occupier = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            var refused = assertThrows(IllegalStateException.class, () -> RunningPharmacy.start(dataDir,
                    Map.of("port", String.valueOf(occupier.getLocalPort()))));

            assertThat(refused.getMessage(), containsString("could not listen on port " + occupier.getLocalPort()));
        }
        // Everything it had opened was released: the same database opens again at once.
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of())) {
            assertThat(pharmacy.server.port() > 0, is(true));
        }
    }

    @Test
    void withoutApiKeyCallersHearNotAvailableAndHealthSaysWhy() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("deepgram.api.key", ""))) {
            var http = HttpClient.newHttpClient();

            String twiml = http.send(HttpRequest.newBuilder(pharmacy.http("/incoming-call?CallSid=CA1&From=%2B1555"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(pharmacy.http("/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(twiml, containsString("<Say>Thank you for calling. Our phone assistant is not available yet."));
            assertThat(twiml, not(containsString("<Stream")));
            assertThat(health.statusCode(), equalTo(503));
            assertThat(health.body(), containsString("\"name\":\"voice-agent\",\"status\":\"DOWN\""));
            assertThat(health.body(), containsString("DEEPGRAM_API_KEY is not set"));
            assertThat(health.body(), containsString("\"name\":\"database\",\"status\":\"UP\""));
        }
    }

    @Test
    void withoutApiKeyAStreamThatArrivesAnywayIsClosedAndNeverReachesAnAgent() {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("deepgram.api.key", ""));
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));

            assertThat(caller.awaitClosed(Duration.ofSeconds(5)), is(true));
            assertThat(pharmacy.agent.connectionCount(), equalTo(0));
        }
    }

    @Test
    void agentDroppingWithNoReconnectBudgetLeftClosesTheStreamSoTwilioPlaysTheFallback() {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("agent.reconnects", "0"));
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            var agent = pharmacy.agent.awaitConnection(Duration.ofSeconds(5));
            agent.settings();

            agent.close();

            assertThat(caller.awaitClosed(Duration.ofSeconds(5)), is(true));
            assertThat(caller.closeCode(), equalTo(1000));
            assertThat(pharmacy.agent.connectionCount(), equalTo(1));
        }
    }

    @Test
    void ordersSurviveARestartOfTheServer() throws Exception {
        long orderId;
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of());
             var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", ALICES_PHONE));
            var agent = pharmacy.agent.awaitConnection(Duration.ofSeconds(5));
            agent.settings();
            var place = org.pharmacyvoice.it.fakes.FunctionCall.of("place_order",
                    "{\"customer_name\":\"Sam Lee\",\"drug_name\":\"loratadine\"}");
            agent.requestFunctions(place);
            String content = agent.awaitFunctionResponse(place.id(), Duration.ofSeconds(5)).getString("content");
            orderId = Long.parseLong(content.replaceAll(".*\"order_id\":(\\d+).*", "$1"));
        }
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of());
             var caller = PhoneCall.from(pharmacy, ALICES_PHONE)) {
            // A verified patient hears about orders placed from a number on their file, here the demo patient's.
            caller.verifyAs("Alice Moreno", "1958-04-12");
            JsonObject found = caller.run("lookup_order", "{\"order_id\":" + orderId + "}");

            assertThat(found.toString(), found.getString("customer_name"), equalTo("Sam Lee"));
            assertThat(found.getString("drug"), equalTo("loratadine"));
        }
    }
}
