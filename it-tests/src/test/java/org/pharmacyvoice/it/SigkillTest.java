package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * {@code kill -9} of the packaged server within a millisecond of an answer: every order, cancellation and staff
 * status change it confirmed, and the tool audit of every tool call it answered, is still there after a restart on
 * the same database, and no order number is given out twice. Each life of the server places orders by phone and
 * is killed right after the last order's answer, after a cancellation's answer, or after a staff status change's
 * answer, in turn; the next life first checks everything confirmed so far through the staff API.
 */
class SigkillTest {

    private static final int KILLS = 10;
    private static final int ORDERS_PER_LIFE = 3;
    private static final List<String> DRUGS = List.of("ibuprofen", "loratadine", "cetirizine");
    /** Start-up is most of this test's time: no optimising compiler, the smallest garbage collector. */
    private static final List<String> LEAN_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String PG_URL = System.getenv("PG_URL");
    private static final String PG_USER = System.getenv("PG_USER");
    private static final String PG_PASSWORD = System.getenv("PG_PASSWORD");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @TempDir
    Path dataDir;

    @Test
    void whatTheServerConfirmedBeforeSigkillIsThereAfterARestartOnTheSameH2File() throws Exception {
        assumeTrue(PackagedServer.isBuilt(), "skipped: " + PackagedServer.JAR + " is not built (run ./mvnw verify)");

        survivesKills("h2", Map.of("DB_URL", "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath()),
                "INFO    org.pharmacyvoice.adapters.functions.PharmacyDatabase: Commit durability: H2 file: every "
                        + "transaction (orders, cancellations, status changes, tool audits) is written to the file "
                        + "with CHECKPOINT before it returns");
    }

    @Test
    void whatTheServerConfirmedBeforeSigkillIsThereAfterARestartOnTheSamePostgresDatabase() throws Exception {
        assumeTrue(PackagedServer.isBuilt(), "skipped: " + PackagedServer.JAR + " is not built (run ./mvnw verify)");
        assumeTrue(PG_URL != null && !PG_URL.isBlank(), "PG_URL is not set: the SIGKILL test on PostgreSQL is "
                + "skipped (set PG_URL, PG_USER and PG_PASSWORD to a throwaway database; .ci/run does)");
        Flyway.configure().dataSource(PG_URL, PG_USER, PG_PASSWORD).cleanDisabled(false).load().clean();

        survivesKills("postgres", Map.of("DB_URL", PG_URL, "DB_USER", PG_USER == null ? "" : PG_USER,
                "DB_PASSWORD", PG_PASSWORD == null ? "" : PG_PASSWORD),
                "INFO    org.pharmacyvoice.adapters.functions.PharmacyDatabase: Commit durability: PostgreSQL with "
                        + "synchronous_commit=on and fsync=on: each commit is flushed to disk");
    }

    /**
     * Kills the server {@link #KILLS} times and collects everything confirmed that a restart no longer has; each
     * start-up must log {@code durability}. The server's logs stay in target/sigkill-logs/{@code variant}/.
     */
    private void survivesKills(String variant, Map<String, String> database, String durability) throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "sigkill-logs", variant));
        var confirmed = new Confirmed();
        var lost = new ArrayList<String>();
        try (var agent = FakeDeepgramAgent.start()) {
            for (int life = 0; life <= KILLS; life++) {
                try (var server = start(agent, database, logs.resolve("life-" + life + ".log"))) {
                    assertThat(server.log(), containsString(durability));
                    lost.addAll(confirmed.missingFrom(server));
                    if (life < KILLS) {
                        liveAndDie(server, agent, life, confirmed, lost);
                    }
                }
            }
        }

        assertThat(KILLS + " kills; of " + confirmed.count() + " orders, status changes and tool audits confirmed, "
                + lost.size() + " lost or order numbers given out twice", lost, is(empty()));
    }

    /** One life: places orders, then is killed right after one more answer, which kind depends on the life. */
    private void liveAndDie(PackagedServer server, FakeDeepgramAgent agent, int life, Confirmed confirmed,
                            List<String> lost) throws Exception {
        // A demo patient's own line, verified, so that the orders are hers to cancel by phone.
        PhoneCall call = PhoneCall.to(server.streamUrl(), agent, "+12025550101");
        try {
            call.verifyAs("Alice Moreno", "1958-04-12");
            var placed = new ArrayList<Long>();
            for (int i = 0; i < ORDERS_PER_LIFE; i++) {
                String customer = "Kill " + life + " Order " + i;
                var order = FunctionCall.of("place_order", "{\"customer_name\":\"" + customer
                        + "\",\"drug_name\":\"" + DRUGS.get(i) + "\",\"quantity\":1}");
                JsonObject answer = call.run(order);
                if (i == ORDERS_PER_LIFE - 1 && life % 3 == 0) {
                    server.kill();
                }
                long id = answer.getJsonNumber("order_id").longValueExact();
                if (id <= confirmed.highestOrderId()) {
                    lost.add("order number " + id + " was given out again (numbers up to "
                            + confirmed.highestOrderId() + " were confirmed before a kill)");
                }
                confirmed.order(id, customer, "pending");
                confirmed.toolRun(call.callSid(), order.id());
                placed.add(id);
            }
            if (life % 3 == 1) {
                long id = placed.get(1);
                var cancel = FunctionCall.of("cancel_order", "{\"order_id\":" + id + "}");
                JsonObject answer = call.run(cancel);
                server.kill();
                assertThat(answer.toString(), answer.getString("status"), is("cancelled"));
                confirmed.status(id, "cancelled");
                confirmed.toolRun(call.callSid(), cancel.id());
            } else if (life % 3 == 2) {
                long id = placed.get(2);
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.http("/api/orders/" + id))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"ready\"}"))
                        .timeout(TIMEOUT)
                        .build(), HttpResponse.BodyHandlers.ofString());
                server.kill();
                assertThat(answer.body(), answer.statusCode(), is(200));
                confirmed.status(id, "ready");
            }
        } finally {
            call.abandon();
        }
    }

    private static PackagedServer start(FakeDeepgramAgent agent, Map<String, String> database, Path log) {
        var environment = new HashMap<>(database);
        environment.put("PORT", "0");
        environment.put("DEEPGRAM_API_KEY", "sigkill-test");
        environment.put("DEEPGRAM_AGENT_URL", agent.url().toString());
        // The drain is never used: this server is killed, not stopped.
        environment.put("DRAIN_TIMEOUT", "1");
        // The demo patients on PostgreSQL too (DEMO_DATA=auto leaves them out there).
        environment.put("DEMO_DATA", "true");
        return PackagedServer.start(environment, log.toAbsolutePath(), LEAN_JVM);
    }

    /** What the server answered as done, to be found again after every restart; each loss is counted once. */
    private final class Confirmed {

        private final Map<Long, ConfirmedOrder> orders = new LinkedHashMap<>();
        private final Map<String, List<String>> toolRuns = new LinkedHashMap<>();
        private long highestOrderId;
        private int count;

        void order(long id, String customer, String status) {
            orders.put(id, new ConfirmedOrder(customer, status));
            highestOrderId = Math.max(highestOrderId, id);
            count++;
        }

        void status(long id, String status) {
            orders.put(id, new ConfirmedOrder(orders.get(id).customer(), status));
            count++;
        }

        void toolRun(String callSid, String toolCallId) {
            toolRuns.computeIfAbsent(callSid, sid -> new ArrayList<>()).add(toolCallId);
            count++;
        }

        long highestOrderId() {
            return highestOrderId;
        }

        /** Orders, status changes and tool runs confirmed so far. */
        int count() {
            return count;
        }

        /** Each confirmed order, status and tool run the staff API of {@code server} does not show, forgotten here. */
        List<String> missingFrom(PackagedServer server) throws Exception {
            var missing = new ArrayList<String>();
            for (var order = orders.entrySet().iterator(); order.hasNext(); ) {
                var expected = order.next();
                HttpResponse<String> found = get(server, "/api/orders/" + expected.getKey());
                String customer = expected.getValue().customer();
                String status = expected.getValue().status();
                if (found.statusCode() != 200) {
                    missing.add("order " + expected.getKey() + " (" + customer + ", " + status + "): HTTP "
                            + found.statusCode());
                    order.remove();
                } else if (!json(found).getString("customer_name").equals(customer)
                        || !json(found).getString("status").equals(status)) {
                    missing.add("order " + expected.getKey() + " was " + customer + ", " + status + "; now "
                            + json(found).getString("customer_name") + ", " + json(found).getString("status"));
                    order.remove();
                }
            }
            for (var call : toolRuns.entrySet()) {
                HttpResponse<String> record = get(server, "/api/calls/" + call.getKey());
                List<String> recorded = record.statusCode() != 200 ? List.of()
                        : json(record).getJsonArray("tool_calls").stream()
                                .map(JsonValue::asJsonObject)
                                .map(run -> run.getString("tool_call_id"))
                                .toList();
                for (var run = call.getValue().iterator(); run.hasNext(); ) {
                    String toolCallId = run.next();
                    if (!recorded.contains(toolCallId)) {
                        missing.add("tool audit of " + toolCallId + " in call " + call.getKey());
                        run.remove();
                    }
                }
            }
            return missing;
        }
    }

    /** An order as the server last confirmed it. */
    private record ConfirmedOrder(String customer, String status) {
    }

    private HttpResponse<String> get(PackagedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.http(path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
