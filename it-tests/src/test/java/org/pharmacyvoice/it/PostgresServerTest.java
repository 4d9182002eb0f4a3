package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same server code on PostgreSQL, configured the way an operator does it (db.url, db.user, db.password, i.e.
 * DB_URL, DB_USER, DB_PASSWORD), at the test database PG_URL / PG_USER / PG_PASSWORD that .ci/run provides. Skipped
 * without PG_URL. Wipes that database, like the PostgreSQL contract tests.
 */
class PostgresServerTest {

    /** A demo patient's own line (README, "Demo patients"). */
    private static final String ALICES_PHONE = "+12025550101";

    private static final String URL = System.getenv("PG_URL");
    private static final String USER = System.getenv("PG_USER");
    private static final String PASSWORD = System.getenv("PG_PASSWORD");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path first;
    @TempDir
    Path second;

    @BeforeAll
    static void needsPostgres() {
        assumeTrue(URL != null && !URL.isBlank(), "PG_URL is not set: the server-on-PostgreSQL tests are skipped "
                + "(set PG_URL, PG_USER and PG_PASSWORD to a throwaway database; .ci/run does)");
    }

    @Test
    void placeOrderAndLookupOrderRoundTripOnPostgres() throws Exception {
        Flyway.configure().dataSource(URL, USER, PASSWORD).cleanDisabled(false).load().clean();
        try (var pharmacy = RunningPharmacy.start(first, withDemoData())) {
            long id;
            JsonObject found;
            try (var call = PhoneCall.from(pharmacy, ALICES_PHONE)) {
                id = call.placeOrder("Ada Byrne", "Claritin", 2);
                call.verifyAs("Alice Moreno", "1958-04-12");
                found = call.run("lookup_order", "{\"order_id\":" + id + "}");
            }

            assertThat(found.getJsonNumber("order_id").longValueExact(), is(id));
            assertThat(found.getString("customer_name"), is("Ada Byrne"));
            assertThat(found.getString("drug"), is("loratadine"));
            assertThat(found.getInt("quantity"), is(2));
            assertThat(found.getJsonNumber("total_price").toString(), is("23.98"));
            assertThat(found.getString("status"), is("pending"));
            assertThat(get(pharmacy, "/observe/health").body(), containsString("\"product\":\"PostgreSQL\""));
            assertThat(json(get(pharmacy, "/api/orders/" + id)).getString("caller_phone"), is(ALICES_PHONE));
        }
    }

    @Test
    void twoServersOnOneEmptyDatabaseMigrateItOnceAndShareOrdersAndStock() throws Exception {
        Flyway.configure().dataSource(URL, USER, PASSWORD).cleanDisabled(false).load().clean();

        List<RunningPharmacy> servers = together(() -> RunningPharmacy.start(first, postgres()),
                () -> RunningPharmacy.start(second, postgres()));
        try (var a = servers.get(0); var b = servers.get(1)) {
            assertThat(sql("SELECT COUNT(*) FROM (SELECT version FROM flyway_schema_history WHERE version IS NOT NULL "
                    + "GROUP BY version HAVING COUNT(*) > 1) twice"), is(0L));
            assertThat(sql("SELECT COUNT(*) FROM formulary"), is(75L));
            assertThat("PostgreSQL gets the schema only unless DEMO_DATA asks", sql("SELECT COUNT(*) FROM patient"),
                    is(0L));

            long id;
            try (var call = PhoneCall.from(a, "+15550200002")) {
                id = call.placeOrder("Bea Cruz", "Benadryl", 1);
            }
            assertThat(json(patch(b, "/api/orders/" + id, "{\"status\":\"ready\"}")).getString("status"), is("ready"));
            assertThat(json(get(a, "/api/orders/" + id)).getString("status"), is("ready"));

            sql("UPDATE formulary SET stock_on_hand = 1 WHERE generic_name = 'meclizine'");
            try (var onA = PhoneCall.from(a, "+15550200003"); var onB = PhoneCall.from(b, "+15550200004")) {
                String order = "{\"customer_name\":\"Last Pack\",\"drug_name\":\"meclizine\"}";
                List<JsonObject> answers = together(() -> onA.run("place_order", order),
                        () -> onB.run("place_order", order));

                assertThat(answers.stream().filter(answer -> answer.containsKey("order_id")).count(), is(1L));
                assertThat(answers.stream().filter(answer -> answer.containsKey("error")).count(), is(1L));
            }
            assertThat(sql("SELECT stock_on_hand FROM formulary WHERE generic_name = 'meclizine'"), is(0L));
            assertThat(sql("SELECT COUNT(*) FROM orders o JOIN formulary f ON f.id = o.drug_id "
                    + "WHERE f.generic_name = 'meclizine'"), is(1L));
        }
    }

    @Test
    void twoServersStartingTogetherFileTheDemoPatientsOnceAndShareTheRefillQueue() throws Exception {
        Flyway.configure().dataSource(URL, USER, PASSWORD).cleanDisabled(false).load().clean();

        List<RunningPharmacy> servers = together(() -> RunningPharmacy.start(first, withDemoData()),
                () -> RunningPharmacy.start(second, withDemoData()));
        try (var a = servers.get(0); var b = servers.get(1)) {
            assertThat(sql("SELECT COUNT(*) FROM patient"), is(30L));
            assertThat(sql("SELECT COUNT(*) FROM prescription"), is(110L));

            JsonObject queued;
            try (var call = PhoneCall.from(a, ALICES_PHONE)) {
                call.verifyAs("Alice Moreno", "1958-04-12");
                queued = call.requestRefill("2001001");
            }
            long refillId = queued.getJsonNumber("refill_id").longValueExact();
            JsonObject queueOnB = json(get(b, "/api/refills?status=pending"));
            JsonObject again;
            try (var call = PhoneCall.from(b, ALICES_PHONE)) {
                call.verifyAs("Alice Moreno", "1958-04-12");
                again = call.requestRefill("2001001");
            }
            HttpResponse<String> ready = patch(b, "/api/refills/" + refillId, "{\"status\":\"ready\"}");
            JsonObject statusOnA;
            try (var call = PhoneCall.from(a, ALICES_PHONE)) {
                call.verifyAs("Alice Moreno", "1958-04-12");
                statusOnA = call.run("refill_status", "{\"rx_number\":\"2001001\"}");
            }

            assertThat(queued.getString("outcome"), is("queued"));
            assertThat(queueOnB.getJsonArray("refills").getValuesAs(JsonObject.class).stream()
                    .map(refill -> refill.getJsonNumber("id").longValueExact() + " " + refill.getString("rx_number"))
                    .toList(), is(List.of(refillId + " 2001001")));
            assertThat(again.getString("outcome"), is("already_queued"));
            assertThat(again.getJsonNumber("refill_id").longValueExact(), is(refillId));
            assertThat(ready.body(), ready.statusCode(), is(200));
            assertThat(statusOnA.getJsonObject("latest_refill").getString("status"), is("ready"));
            assertThat(sql("SELECT COUNT(*) FROM refill"), is(1L));
        }
    }

    /** PostgreSQL with the demo patients, which DEMO_DATA=auto leaves out there. */
    private static Map<String, String> withDemoData() {
        var settings = new HashMap<>(postgres());
        settings.put("demo.data", "true");
        return settings;
    }

    private static Map<String, String> postgres() {
        return Map.of("db.url", URL, "db.user", USER == null ? "" : USER, "db.password",
                PASSWORD == null ? "" : PASSWORD);
    }

    /** Runs the tasks at the same moment, each on its own thread, and returns their results in order. */
    @SafeVarargs
    private static <T> List<T> together(Callable<T>... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
        try {
            var gate = new CountDownLatch(1);
            var futures = new ArrayList<Future<T>>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return task.call();
                }));
            }
            gate.countDown();
            var results = new ArrayList<T>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A single number from a query, or the update count of a statement. */
    private static long sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
             Statement sql = connection.createStatement()) {
            if (!sql.execute(statement)) {
                return sql.getUpdateCount();
            }
            try (ResultSet rows = sql.getResultSet()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private HttpResponse<String> get(RunningPharmacy pharmacy, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(pharmacy.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(RunningPharmacy pharmacy, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(pharmacy.http(path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
