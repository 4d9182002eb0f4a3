package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a Deepgram key the server runs as the README promises: alive, and saying plainly, in its health answers and
 * its start-up log, that calls can't be carried until DEEPGRAM_API_KEY is set. With a key, the same checks are up.
 */
class NoAccountHealthTest {

    private static final String REASON = "DEEPGRAM_API_KEY is not set: the server runs without a voice agent, and "
            + "every call gets the not-available message and ends";
    private static final String FIX = "set DEEPGRAM_API_KEY to a Deepgram API key and restart the server to carry "
            + "calls";

    @Test
    void withoutAKeyLivenessIsUpAndReadinessIsDownSayingWhatIsMissingAndHowToFixIt(@TempDir Path dataDir) {
        try (var pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", ""))) {
            HttpResponse<String> live = pharmacy.get("/observe/health/live");
            HttpResponse<String> ready = pharmacy.get("/observe/health/ready");

            assertThat(live.statusCode(), equalTo(200));
            assertThat(live.body(), equalTo("{\"status\":\"UP\",\"checks\":[]}"));
            assertThat(ready.statusCode(), equalTo(503));
            JsonObject readiness = json(ready.body());
            assertThat(readiness.getString("status"), equalTo("DOWN"));
            assertThat(statuses(readiness), contains("database=UP", "voice-agent=DOWN"));
            assertThat(agentCheck(readiness).getJsonObject("data"), equalTo(Json.createObjectBuilder()
                    .add("configured", false)
                    .add("missing", "DEEPGRAM_API_KEY")
                    .add("reason", REASON)
                    .add("fix", FIX)
                    .build()));
        }
    }

    /**
     * Plain /observe/health is every check together, as Helidon and MicroProfile Health define it: down while the
     * server can't carry calls, with the same explanation, so that a monitor or an image HEALTHCHECK on it never calls
     * a server without its key healthy.
     */
    @Test
    void withoutAKeyThePlainHealthEndpointIsDownWithTheSameExplanation(@TempDir Path dataDir) {
        try (var pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", ""))) {
            HttpResponse<String> health = pharmacy.get("/observe/health");

            assertThat(health.statusCode(), equalTo(503));
            JsonObject all = json(health.body());
            assertThat(all.getString("status"), equalTo("DOWN"));
            assertThat(statuses(all), contains("database=UP", "voice-agent=DOWN"));
            assertThat(agentCheck(all).getJsonObject("data").getString("fix"), equalTo(FIX));
        }
    }

    @Test
    void theStartUpLogSaysTheSameAndWhichHealthEndpointAnswersWhat(@TempDir Path dataDir) {
        var lines = new CopyOnWriteArrayList<String>();
        Logger log = Logger.getLogger(PharmacyVoiceServer.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try (var pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", ""))) {
            assertThat(pharmacy.get("/observe/health/live").statusCode(), equalTo(200));
            assertThat(lines, hasItem("WARNING " + REASON + ". Nothing else needs an account: the dashboard and the "
                    + "staff API work. Liveness /observe/health/live answers 200 (UP); readiness "
                    + "/observe/health/ready and /observe/health answer 503 (DOWN) with this reason until you " + FIX
                    + "."));
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void withAKeyReadinessAndTheWholeAreUpAndSayNothingIsMissing(@TempDir Path dataDir) {
        // No call is made, so the agent's URL is never dialled.
        try (var pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", "test-key-not-used",
                "deepgram.agent.url", "ws://127.0.0.1:9/v1/agent/converse"))) {
            HttpResponse<String> ready = pharmacy.get("/observe/health/ready");
            HttpResponse<String> health = pharmacy.get("/observe/health");

            assertThat(ready.statusCode(), equalTo(200));
            assertThat(health.statusCode(), equalTo(200));
            JsonObject readiness = json(ready.body());
            assertThat(statuses(readiness), contains("database=UP", "voice-agent=UP"));
            JsonObject data = agentCheck(readiness).getJsonObject("data");
            assertThat(data.getBoolean("configured"), equalTo(true));
            assertThat(data.getString("circuit"), equalTo("closed"));
            assertThat(data.keySet(), not(hasItem("missing")));
            assertThat(health.body(), not(containsString("DEEPGRAM_API_KEY")));
        }
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static List<String> statuses(JsonObject health) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(check -> check.getString("name") + "=" + check.getString("status")).toList();
    }

    private static JsonObject agentCheck(JsonObject health) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("voice-agent")).findFirst().orElseThrow();
    }
}
