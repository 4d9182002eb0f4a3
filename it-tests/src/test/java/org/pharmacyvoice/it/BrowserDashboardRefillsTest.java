package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase.RequestRefill;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.RefillOutcome;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/**
 * The dashboard's refill panel in a real headless Chromium, against the real server with the dispensary in memory: a
 * caller who proved who she is asked for a refill (and for a prescription with none left), and staff move the refill
 * to ready and picked up and mark the renewal request sent by clicking; the API and the records must agree afterwards.
 * Screenshots stay in target/browser.
 */
class BrowserDashboardRefillsTest {

    private static final String STAFF_TOKEN = "browser-refills-token-8e2a";
    private static final LocalDate MARIA_BORN = LocalDate.of(1970, 5, 2);
    private static final String STATIN = "1000001";
    private static final String LISINOPRIL = "1000002";
    private static final String SERTRALINE = "1000003";
    private static final String LEVOTHYROXINE = "1000004";
    /** Open every day, all day: the test may run at any hour. */
    private static final OpeningHours HOURS = OpeningHours.parse("Mon-Sun 00:00-23:59", ZoneOffset.UTC);

    @TempDir
    static Path dataDir;
    private static InMemoryDispensary store;
    private static Dispensary dispensary;
    private static RunningPharmacy pharmacy;
    private static Path chromium;

    @BeforeAll
    static void startPharmacy() {
        chromium = BrowserTools.requireAll();
        store = new InMemoryDispensary();
        dispensary = Dispensary.open(store, store, store, store, store,
                new RefillPolicy(RefillRules.standard(), HOURS, Duration.ofHours(2)), Clock.systemUTC());
        pharmacy = RunningPharmacy.start(dataDir, Map.of("staff.token", STAFF_TOKEN), dispensary);
    }

    @AfterAll
    static void stopPharmacy() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    @Test
    void aVerifiedCallersRefillIsMovedToReadyAndPickedUpFromTheDashboard() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        store.patient(1, "Maria", "Lopez", MARIA_BORN, "+15551230001");
        store.patient(2, "Marco", "Bianchi", LocalDate.of(1985, 11, 20), "+15559870002");
        store.prescription(STATIN, 1, "atorvastatin", Schedule.NONE, today.minusMonths(2), 5, 3, 30,
                today.minusDays(40));
        store.prescription(LISINOPRIL, 1, "lisinopril", Schedule.NONE, today.minusMonths(6), 2, 0, 30,
                today.minusDays(35));
        store.prescription(SERTRALINE, 2, "sertraline", Schedule.IV, today.minusDays(20), 2, 2, 30, null);
        store.prescription(LEVOTHYROXINE, 2, "levothyroxine", Schedule.NONE, today.minusMonths(3), 3, 0, 90,
                today.minusDays(80));
        // Marco's are there for the picture: one refill a colleague has ready, one request still to send.
        var marcos = store.queuedElsewhere(new NewRefill(SERTRALINE, 2, Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(3600), Optional.empty()));
        store.colleagueSets(marcos.id(), RefillStatus.READY);
        long refillId = mariaAsksForARefillOf(STATIN) instanceof RefillOutcome.Queued queued ? queued.refill().id()
                : fail("Maria's refill was not queued");
        long renewalId = mariaAsksForARefillOf(LISINOPRIL) instanceof RefillOutcome.RenewalRequested renewal
                ? renewal.request().id() : fail("no renewal request for Maria's lisinopril");
        var caller = new CallerIdentity("CA-marco");
        dispensary.verifyCaller().verifyCaller(IdentityClaim.of("Marco Bianchi", LocalDate.of(1985, 11, 20)), caller);
        dispensary.requestRefill().requestRefill(new RequestRefill(LEVOTHYROXINE, caller, "tool-marco", "CA-marco"));

        Path log = BrowserTools.OUT_DIR.resolve("refills-node.log");
        for (String stale : List.of("refills-result.json", "dashboard-refills.png", "dashboard-refills-panel.png",
                "refills-failure-0.png", "refills-failure-1.png")) {
            Files.deleteIfExists(BrowserTools.OUT_DIR.resolve(stale));
        }
        Files.createDirectories(BrowserTools.OUT_DIR);
        int exit = BrowserTools.run(log, Duration.ofSeconds(120), "node", "refills.test.mjs",
                "--url", "http://127.0.0.1:" + pharmacy.server.port(), "--out", BrowserTools.OUT_DIR.toString(),
                "--chromium", chromium.toString(), "--staff-token", STAFF_TOKEN,
                "--refill-id", Long.toString(refillId), "--renewal-id", Long.toString(renewalId),
                "--patient-id", "1", "--rx", STATIN, "--search", "lop", "--filled-on", today.toString());
        Path resultFile = BrowserTools.OUT_DIR.resolve("refills-result.json");
        assertThat("the browser script wrote its result; its log: " + Files.readString(log),
                Files.exists(resultFile), equalTo(true));
        JsonObject result = json(Files.readString(resultFile));
        assertThat("the browser script succeeded; " + result + "\nlog: " + Files.readString(log), exit,
                equalTo(0));

        assertThat(strings(result, "statusesSeen"), equalTo(List.of("pending", "ready", "picked up")));
        assertThat(result.getString("refillRowBefore"), containsString("Maria Lopez"));
        assertThat(result.getString("refillRowBefore"), containsString("atorvastatin 10 mg"));
        assertThat(result.getString("renewalRow"), containsString("no refills left"));
        assertThat(result.getString("patientName"), containsString("Maria Lopez · born 1970-05-02"));
        assertThat(result.getString("lastFilled"), equalTo(today.toString()));
        assertThat("the refill taken when Maria asked", result.getString("refillsLeft"), equalTo("2 of 5"));
        assertThat("Marco's request is still to send", strings(result, "renewals"), equalTo(List.of("2")));
        assertThat("no script errors", strings(result, "pageErrors"), empty());
        assertThat(result.getString("refillsStatus"), equalTo(""));

        // What the clicks did, as the staff API and the records see it.
        JsonObject refills = json(get("/api/refills?patient_id=1").body());
        assertThat(refills.getJsonArray("refills").getJsonObject(0).getString("status"), equalTo("picked_up"));
        JsonObject file = json(get("/api/patients/1").body());
        JsonObject statin = file.getJsonArray("prescriptions").getValuesAs(JsonObject.class).stream()
                .filter(rx -> rx.getString("rx_number").equals(STATIN)).findFirst().orElseThrow();
        assertThat(statin.getString("last_filled_on"), equalTo(today.toString()));
        assertThat(statin.getInt("refills_remaining"), equalTo(2));
        assertThat(json(get("/api/renewal-requests").body()).getJsonArray("renewal_requests")
                .getValuesAs(JsonObject.class).stream().map(r -> r.getInt("id")).toList(), equalTo(List.of(2)));
        assertThat(store.refill(refillId).orElseThrow().status(), equalTo(RefillStatus.PICKED_UP));
        assertThat(store.renewals().stream().filter(r -> r.id() == renewalId).findFirst().orElseThrow().open(),
                equalTo(false));
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("dashboard-refills.png")), greaterThan(10_000L));
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("dashboard-refills-panel.png")), greaterThan(10_000L));
    }

    /** Maria calls, proves who she is, and asks for a refill, as the phone tools will have her do. */
    private static RefillOutcome mariaAsksForARefillOf(String rxNumber) {
        var caller = new CallerIdentity("CA-" + rxNumber);
        assertThat(dispensary.verifyCaller().verifyCaller(IdentityClaim.of("Maria Lopez", MARIA_BORN), caller),
                instanceOf(Verification.Verified.class));
        return dispensary.requestRefill().requestRefill(new RequestRefill(rxNumber, caller, "tool-" + rxNumber,
                caller.callSid()));
    }

    private static long fail(String why) {
        throw new AssertionError(why);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(pharmacy.http(path))
                .header("Authorization", "Bearer " + STAFF_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(path + " answered " + response.body(), response.statusCode(), equalTo(200));
        return response;
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).stream().map(value -> value instanceof JsonString s ? s.getString()
                : value.toString()).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
