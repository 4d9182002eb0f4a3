package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/** The dispensary's staff APIs as a whole: behind the staff token and quiet in the logs. */
class DispensaryApisTest {

    private static final String TOKEN = "staff-token-for-refills";

    private final SeededDispensary pharmacy = new SeededDispensary();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void withAStaffTokenNothingIsShownOrChangedWithoutIt() throws Exception {
        long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
        try (HandlerServer server = HandlerServer.with(http -> {
            http.addFilter(StaffAccess.of(Optional.of(TOKEN), true));
            pharmacy.apis().addRoutes(http);
        })) {
            HttpResponse<String> search = send(server, HttpRequest.newBuilder(server.uri("/api/patients?name=lopez")));
            HttpResponse<String> move = send(server, HttpRequest.newBuilder(server.uri("/api/refills/" + id))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer wrong-token")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"ready\"}")));
            HttpResponse<String> renewals = send(server, HttpRequest.newBuilder(server.uri("/api/renewal-requests")));
            HttpResponse<String> allowed = send(server, HttpRequest.newBuilder(server.uri("/api/patients?name=lopez"))
                    .header("Authorization", "Bearer " + TOKEN));

            assertThat(search.statusCode(), is(401));
            assertThat(search.headers().firstValue("WWW-Authenticate").orElse(""), startsWith("Basic realm="));
            assertThat(search.body().contains("Lopez"), is(false));
            assertThat(move.statusCode(), is(401));
            assertThat(pharmacy.store.refill(id).orElseThrow().status(), is(RefillStatus.PENDING));
            assertThat(renewals.statusCode(), is(401));
            assertThat(allowed.statusCode(), is(200));
            assertThat(allowed.body().contains("\"last_name\":\"Lopez\""), is(true));
        }
    }

    @Test
    void namesPhoneNumbersAndDatesOfBirthStayOutOfTheLogs() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (HandlerServer server = HandlerServer.with(http -> pharmacy.apis().addRoutes(http))) {
            long id = pharmacy.queuedRefillOf(SeededDispensary.STATIN);
            server.get("/api/patients?name=Lopez&phone=5551230001");
            server.get("/api/patients?name=Lopez&phone=555-LOPEZ");
            server.get("/api/patients/1");
            server.send("PATCH", "/api/refills/" + id, "application/json", "{\"status\":\"ready\"}");
            server.send("PATCH", "/api/refills/" + id, "application/json", "{\"status\":\"picked_up\"}");
            server.get("/api/refills?patient_id=1");
        } finally {
            root.removeHandler(capture);
        }

        List<String> leaks = logged.stream().filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .map(DispensaryApisTest::text)
                .filter(text -> text.contains("Lopez") || text.contains("Maria") || text.contains("5551230001")
                        || text.contains("1970-05-02") || text.contains("atorvastatin") || text.contains("1000001"))
                .toList();
        assertThat(leaks, is(empty()));
        assertThat("the refill's moves are logged (ids only)", logged.stream().map(DispensaryApisTest::text)
                .anyMatch(text -> text.contains("ready -> picked_up")), is(true));
    }

    private static String text(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (int i = 0; i < parameters.length; i++) {
                message = message.replace("{" + i + "}", String.valueOf(parameters[i]));
            }
        }
        return message + (record.getThrown() == null ? "" : " " + record.getThrown());
    }

    private HttpResponse<String> send(HandlerServer server, HttpRequest.Builder request) throws IOException,
            InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
