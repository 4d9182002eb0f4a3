package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.FakeTwilioRest;

/**
 * The dashboard's Outbound calls panel and its numbers not to call, in a real headless Chromium against real servers
 * placing calls through the fake Twilio REST API, on H2 with the demo patients (Alice Moreno and David Lee asked for
 * refill reminders, which are queued when a server starts): staff see each call's reason, subject, patient, masked
 * number and state, cancel a queued call, try a failed one again, list a number as they write it, and read what the
 * panel says when there is nothing to show. What the page shows must agree with the staff API, and no full phone
 * number, drug or date of birth may appear in the panel. Screenshots stay in target/browser.
 */
class BrowserOutboundCallsTest {

    private static final String STAFF_TOKEN = "browser-outbound-token-5d1f";
    private static final String PHARMACY_NUMBER = "+12025550900";
    /**
     * A zone in which it is about noon now, named as both the server and Chromium know it (Etc/GMT-5 is UTC+5), so
     * that 8:00-9:00 has passed and 8:00-21:00 is open, and the page shows times as the pharmacy's clock says them.
     */
    private static final ZoneId NOON_ZONE = noonZone();
    /** How Chromium writes a time in US English (toLocaleString), white space taken as one space. */
    private static final DateTimeFormatter PAGE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy, h:mm:ss a", Locale.US);
    /** The demo patients with reminders, their refill-due prescriptions and numbers, and Carmen who has none. */
    private static final String ALICE = "Alice Moreno";
    private static final String ALICE_LISINOPRIL = "2001001";
    private static final String ALICES_PHONE = "+12025550101";
    private static final String DAVID = "David Lee";
    private static final String DAVID_AMLODIPINE = "2004001";
    private static final String DAVIDS_PHONE = "+12025550104";
    private static final String CARMEN = "Carmen Diaz";
    private static final String CARMENS_PHONE = "+12025550103";
    private static final String CARMEN_LEVOTHYROXINE = "2003001";
    /** Carmen's number as staff would write it down from a patient at the counter. */
    private static final String CARMENS_PHONE_WRITTEN = "(202) 555-0103";
    /** What the panel may show of a number: the country code and the last four digits. */
    private static final Map<String, String> MASKED = Map.of(ALICES_PHONE, "+1******0101", DAVIDS_PHONE,
            "+1******0104", CARMENS_PHONE, "+1******0103");
    /** What must never be in the panel: the numbers in full however written, the drugs, the dates of birth. */
    private static final List<String> NEVER_SHOWN = List.of("2025550101", "2025550103", "2025550104", "555-01",
            "555 01", "lisinopril", "amlodipine", "levothyroxine", "1958-04-12", "1985-06-01", "1990-02-14");
    private static final String NOT_A_NUMBER_ANSWER = "That is not a phone number the pharmacy could call; write it "
            + "as +15551234567 or (555) 123-4567.";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private static Path chromium;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private FakeTwilioRest rest;

    @BeforeAll
    static void findTheBrowser() {
        chromium = BrowserTools.requireBrowser();
    }

    @BeforeEach
    void startTwilio() {
        rest = FakeTwilioRest.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
        rest.close();
    }

    @Test
    void staffSeeTheQueuedCallsCancelOneAndListANumberWhoseCallThenEndsAsOptedOut() throws Exception {
        // Calls wait for 8:00 tomorrow: the reminders queued at start, and the pickup call staff are about to cause.
        RunningPharmacy pharmacy = pharmacy(Map.of("outbound.calling.hours", "08:00-09:00"));
        Instant tomorrowAtEight = LocalDate.now(NOON_ZONE).plusDays(1).atTime(LocalTime.of(8, 0)).atZone(NOON_ZONE)
                .toInstant();
        RunningPharmacy.awaitThat(() -> notifications(pharmacy).size() == 2 && notifications(pharmacy).stream()
                .allMatch(n -> n.getString("state").equals("queued")
                        && Instant.parse(n.getString("next_attempt_at")).equals(tomorrowAtEight)), WAIT);
        JsonObject alice = reminderFor(pharmacy, ALICE_LISINOPRIL);
        JsonObject david = reminderFor(pharmacy, DAVID_AMLODIPINE);
        long refillId;
        try (PhoneCall call = TwilioPlacedCall.callingIn(pharmacy, "http://127.0.0.1:" + pharmacy.server.port(),
                CARMENS_PHONE, PHARMACY_NUMBER, FakeTwilioRest.AUTH_TOKEN)) {
            call.verifyAs(CARMEN, "1990-02-14");
            refillId = call.requestRefill(CARMEN_LEVOTHYROXINE).getJsonNumber("refill_id").longValueExact();
        }
        String pickupSubject = "refill #" + refillId;

        JsonObject result = runScript("queue", "--url", url(pharmacy), "--ready-refill", Long.toString(refillId),
                "--next-attempt", pageTime(tomorrowAtEight), "--cancel", id(david), "--opt-out", CARMENS_PHONE_WRITTEN,
                "--opted-out-subject", pickupSubject, "--bad-number", "555-0103");

        // What the panel listed before staff did anything: the two reminders, waiting for tomorrow's calling hours.
        String nextAttempt = pageTime(tomorrowAtEight);
        List<String> aliceQueued = List.of(id(alice), "refill reminder", reminderSubject(pharmacy, alice), ALICE,
                MASKED.get(ALICES_PHONE), "queued", "0", nextAttempt, "", "cancel");
        List<String> davidQueued = List.of(id(david), "refill reminder", reminderSubject(pharmacy, david), DAVID,
                MASKED.get(DAVIDS_PHONE), "queued", "0", nextAttempt, "", "cancel");
        assertThat(cellsById(result, "rowsAtStart"), equalTo(Map.of(id(alice), aliceQueued, id(david), davidQueued)));
        assertThat("the refill panel's 'ready' queued a call, so it says nothing", result.getString("refillsStatus"),
                equalTo(""));

        // "ready" on Carmen's refill queued her pickup call, listed newest first with the reminders.
        JsonObject pickup = notifications(pharmacy).stream().filter(n -> n.getString("subject")
                .equals("refill:" + refillId)).findFirst().orElseThrow(() -> new AssertionError("no pickup call"));
        assertThat(result.getString("pickupId"), equalTo(id(pickup)));
        assertThat(pickup.getString("kind"), equalTo("ready_for_pickup"));
        List<String> carmenQueued = List.of(id(pickup), "ready for pickup", pickupSubject, CARMEN,
                MASKED.get(CARMENS_PHONE), "queued", "0", nextAttempt, "", "cancel");
        assertThat(cellsById(result, "rowsQueued"), equalTo(Map.of(id(alice), aliceQueued, id(david), davidQueued,
                id(pickup), carmenQueued)));
        assertThat("newest first, as the staff API lists them", ids(result, "rowsQueued"),
                equalTo(notifications(pharmacy).stream().map(BrowserOutboundCallsTest::id).toList()));
        assertThat(ids(result, "rowsQueued").getFirst(), equalTo(id(pickup)));
        assertThat(result.getString("queuedCount"), equalTo("3"));

        // Cancel, pressed slowly (across a refresh): the row says so, with no button left, and the API agrees.
        assertThat("the press spanned a refresh of the panel", result.getInt("refreshesDuringPress"),
                greaterThanOrEqualTo(1));
        assertThat(cells(result.getJsonObject("cancelledRow")), equalTo(List.of(id(david), "refill reminder",
                reminderSubject(pharmacy, david), DAVID, MASKED.get(DAVIDS_PHONE), "cancelled", "0", "", "", "")));
        assertThat(strings(result.getJsonObject("cancelledRow"), "buttons"), empty());
        assertThat(result.getString("countAfterCancel"), equalTo("2"));
        assertThat(stateOf(pharmacy, david), equalTo("cancelled"));

        // The number as staff wrote it: listed masked, said back masked too, its call opted out.
        JsonObject listed = result.getJsonObject("statusAfterOptOut");
        assertThat(listed.getString("text"), equalTo(MASKED.get(CARMENS_PHONE) + " gets no more calls."));
        assertThat("said as news, not as a problem", listed.getBoolean("problem"), equalTo(false));
        assertThat("the form is cleared for the next number", result.getString("inputAfterOptOut"), equalTo(""));
        List<JsonObject> optOuts = staff(pharmacy, "/api/opt-outs").getJsonArray("opt_outs")
                .getValuesAs(JsonObject.class);
        assertThat(optOuts, hasSize(1));
        JsonObject optOut = optOuts.getFirst();
        assertThat(optOut.getString("phone"), equalTo(MASKED.get(CARMENS_PHONE)));
        assertThat(optOut.getString("source"), equalTo("staff"));
        List<JsonObject> optOutRows = rows(result, "optOuts");
        assertThat(optOutRows, hasSize(1));
        assertThat(cells(optOutRows.getFirst()), equalTo(List.of(MASKED.get(CARMENS_PHONE),
                pageTime(Instant.parse(optOut.getString("opted_out_at"))), "by staff")));
        assertThat(cellsById(result, "rowsAfterOptOut"), equalTo(Map.of(
                id(alice), aliceQueued,
                id(david), cells(result.getJsonObject("cancelledRow")),
                id(pickup), List.of(id(pickup), "ready for pickup", pickupSubject, CARMEN, MASKED.get(CARMENS_PHONE),
                        "opted out", "0", "", "", ""))));
        assertThat(result.getString("countAfterOptOut"), equalTo("1"));
        assertThat(stateOf(pharmacy, pickup), equalTo("opted_out"));
        assertThat("a number staff did not list keeps its call", stateOf(pharmacy, alice), equalTo("queued"));

        // A number with no area code: refused, in red, the text kept in the form to be corrected, nothing listed.
        JsonObject refused = result.getJsonObject("statusAfterBadNumber");
        assertThat(refused.getString("text"), equalTo(NOT_A_NUMBER_ANSWER));
        assertThat(refused.getBoolean("problem"), equalTo(true));
        assertThat(result.getString("inputAfterBadNumber"), equalTo("555-0103"));
        assertThat(cells(rows(result, "optOutsAfterBadNumber").getFirst()), equalTo(cells(optOutRows.getFirst())));
        assertThat(rows(result, "optOutsAfterBadNumber"), hasSize(1));
        assertThat(staff(pharmacy, "/api/opt-outs").getInt("count"), equalTo(1));

        // Nothing more than the panel is meant to show, and nothing dialled outside the calling hours.
        for (String text : List.of(result.getString("panelText"), result.getString("panelTextAtEnd"))) {
            for (String secret : NEVER_SHOWN) {
                assertThat("the panel shows no '" + secret + "'", text, not(containsString(secret)));
            }
        }
        // The patient's name on a call is a way into their file (in the refills panel), which comes into view.
        assertThat(result.getString("patientFileName"), startsWith(CARMEN + " · born 1990-02-14 · " + CARMENS_PHONE));
        assertThat(strings(result, "pageErrors"), empty());
        assertThat(rest.createRequests(), empty());
        assertScreenshots("outbound-queue.png", "outbound-queue-done.png", "outbound-calls-panel.png");
    }

    @Test
    void aCallTwilioRefusedShowsTryAgainWhichQueuesItForTheNextMomentTheRulesAllow() throws Exception {
        // Twilio refuses this server's credentials: the reminders dialled at start fail at once.
        RunningPharmacy pharmacy = pharmacy(Map.of("twilio.api.key.secret", "not-the-secret"));
        RunningPharmacy.awaitThat(() -> notifications(pharmacy).size() == 2 && notifications(pharmacy).stream()
                .allMatch(n -> n.getString("state").equals("failed")), WAIT);
        JsonObject alice = reminderFor(pharmacy, ALICE_LISINOPRIL);
        JsonObject david = reminderFor(pharmacy, DAVID_AMLODIPINE);
        // Its number had its call today (refused or not, it counts), so the rules hold it to tomorrow's hours.
        Instant tomorrowAtEight = LocalDate.now(NOON_ZONE).plusDays(1).atTime(LocalTime.of(8, 0)).atZone(NOON_ZONE)
                .toInstant();

        JsonObject result = runScript("failed", "--url", url(pharmacy), "--requeue", id(alice), "--next-attempt",
                pageTime(tomorrowAtEight));

        List<String> davidFailed = List.of(id(david), "refill reminder", reminderSubject(pharmacy, david), DAVID,
                MASKED.get(DAVIDS_PHONE), "failed", "1", "", "failed", "try again");
        assertThat(cellsById(result, "rowsFailed"), equalTo(Map.of(
                id(alice), List.of(id(alice), "refill reminder", reminderSubject(pharmacy, alice), ALICE,
                        MASKED.get(ALICES_PHONE), "failed", "1", "", "failed", "try again"),
                id(david), davidFailed)));
        assertThat(result.getString("countFailed"), equalTo("0"));

        assertThat("the press spanned a refresh of the panel", result.getInt("refreshesDuringPress"),
                greaterThanOrEqualTo(1));
        assertThat(cellsById(result, "rowsAfterRequeue"), equalTo(Map.of(
                id(alice), List.of(id(alice), "refill reminder", reminderSubject(pharmacy, alice), ALICE,
                        MASKED.get(ALICES_PHONE), "queued", "1", pageTime(tomorrowAtEight), "failed", "cancel"),
                id(david), davidFailed)));
        assertThat(result.getString("countAfterRequeue"), equalTo("1"));
        assertThat("no refusal shown", result.getJsonObject("status").getString("text"), equalTo(""));
        JsonObject requeued = notification(pharmacy, alice);
        assertThat(requeued.getString("state"), equalTo("queued"));
        assertThat(requeued.getInt("attempts"), equalTo(1));
        assertThat(requeued.getString("last_outcome"), equalTo("failed"));
        assertThat(Instant.parse(requeued.getString("next_attempt_at")), equalTo(tomorrowAtEight));
        assertThat(stateOf(pharmacy, david), equalTo("failed"));

        for (String secret : NEVER_SHOWN) {
            assertThat(result.getString("panelText"), not(containsString(secret)));
        }
        assertThat(strings(result, "pageErrors"), empty());
        assertThat("one refused request per reminder, none again today", rest.createRequests().stream()
                .map(FakeTwilioRest.Received::answeredStatus).toList(), equalTo(List.of(401, 401)));
        assertScreenshots("outbound-failed.png", "outbound-failed-requeued.png");
    }

    @Test
    void withNothingQueuedThePanelSaysSoAndSaysWhenCallsAreOff() throws Exception {
        RunningPharmacy callsOn = pharmacy(Map.of("reminder.days.ahead", "0"));
        RunningPharmacy callsOff = RunningPharmacy.start(dataDir.resolve("calls-off"), Map.of("staff.token",
                STAFF_TOKEN));
        open.add(callsOff);

        JsonObject result = runScript("empty", "--url", url(callsOn), "--calls-off-url", url(callsOff));

        for (String server : List.of("callsOn", "callsOff")) {
            JsonObject panel = result.getJsonObject(server);
            assertThat(server, rows(panel, "outbound").stream().map(BrowserOutboundCallsTest::cells).toList(),
                    equalTo(List.of(List.of("No calls to patients yet."))));
            assertThat(server, rows(panel, "optOuts").stream().map(BrowserOutboundCallsTest::cells).toList(),
                    equalTo(List.of(List.of("No number has asked for no more calls."))));
            assertThat("the empty row spans the table", panel.getString("outboundSpan"),
                    equalTo(Integer.toString(panel.getInt("outboundColumns"))));
            assertThat(panel.getString("optOutSpan"), equalTo(Integer.toString(panel.getInt("optOutColumns"))));
            assertThat(panel.getString("count"), equalTo("0"));
            assertThat(panel.getInt("errors"), equalTo(0));
        }
        assertThat(result.getJsonObject("callsOn").getJsonObject("status").getString("text"), equalTo(""));
        assertThat(result.getJsonObject("callsOff").getJsonObject("status").getString("text"),
                equalTo("Calls to patients are off (OUTBOUND_CALLS=false): nothing here is dialled."));
        assertThat(result.getJsonObject("callsOff").getJsonObject("status").getBoolean("problem"), equalTo(false));
        assertThat(strings(result, "pageErrors"), empty());
        for (RunningPharmacy pharmacy : List.of(callsOn, callsOff)) {
            assertThat(notifications(pharmacy), empty());
            assertThat(staff(pharmacy, "/api/opt-outs").getInt("count"), equalTo(0));
        }
        assertThat(staff(callsOn, "/api/outbound").getBoolean("calls_enabled"), equalTo(true));
        assertThat(staff(callsOff, "/api/outbound").getBoolean("calls_enabled"), equalTo(false));
        assertThat(rest.createRequests(), empty());
        assertScreenshots("outbound-empty-on.png", "outbound-empty-off.png");
    }

    /** A server placing calls through the fake Twilio, in the noon zone, dialling every second, behind the token. */
    private RunningPharmacy pharmacy(Map<String, String> overrides) {
        int port = freePort();
        var settings = new HashMap<String, String>();
        settings.put("port", Integer.toString(port));
        settings.put("public.url", "http://127.0.0.1:" + port);
        settings.put("twilio.auth.token", FakeTwilioRest.AUTH_TOKEN);
        settings.put("twilio.account.sid", FakeTwilioRest.ACCOUNT_SID);
        settings.put("twilio.api.key.sid", FakeTwilioRest.API_KEY_SID);
        settings.put("twilio.api.key.secret", FakeTwilioRest.API_KEY_SECRET);
        settings.put("twilio.api.url", rest.apiBase().toString());
        settings.put("outbound.calls", "true");
        settings.put("outbound.from.number", PHARMACY_NUMBER);
        settings.put("pharmacy.name", "Maple Street Pharmacy");
        settings.put("pharmacy.time.zone", NOON_ZONE.getId());
        settings.put("outbound.dial.interval", "1s");
        settings.put("staff.token", STAFF_TOKEN);
        settings.putAll(overrides);
        RunningPharmacy pharmacy = RunningPharmacy.start(dataDir.resolve("server-" + port), settings);
        open.add(pharmacy);
        return pharmacy;
    }

    /** Runs outbound.test.mjs with {@code arguments}; what the page showed, once the script has succeeded. */
    private static JsonObject runScript(String scenario, String... arguments) throws Exception {
        Path log = BrowserTools.OUT_DIR.resolve("outbound-" + scenario + "-node.log");
        Path resultFile = BrowserTools.OUT_DIR.resolve("outbound-" + scenario + "-result.json");
        Files.createDirectories(BrowserTools.OUT_DIR);
        try (Stream<Path> stale = Files.list(BrowserTools.OUT_DIR)) {
            for (Path file : stale.filter(file -> file.getFileName().toString().startsWith("outbound-" + scenario)
                    || file.getFileName().toString().equals("outbound-calls-panel.png")
                            && scenario.equals("queue")).toList()) {
                Files.delete(file);
            }
        }
        List<String> command = new ArrayList<>(List.of("node", "outbound.test.mjs", "--scenario", scenario,
                "--out", BrowserTools.OUT_DIR.toString(), "--chromium", chromium.toString(),
                "--staff-token", STAFF_TOKEN, "--time-zone", NOON_ZONE.getId()));
        command.addAll(List.of(arguments));
        Process browser = new ProcessBuilder(command).directory(BrowserTools.BROWSER_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat("the browser script finished in time; its log: " + Files.readString(log),
                    browser.waitFor(150, TimeUnit.SECONDS), equalTo(true));
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        assertThat("the browser script wrote its result; its log: " + Files.readString(log),
                Files.exists(resultFile), equalTo(true));
        JsonObject result = json(Files.readString(resultFile));
        assertThat("the browser script succeeded; " + result + "\nlog: " + Files.readString(log),
                browser.exitValue(), equalTo(0));
        return result;
    }

    /** The refill reminder queued for the prescription {@code rxNumber}. */
    private JsonObject reminderFor(RunningPharmacy pharmacy, String rxNumber) {
        return notifications(pharmacy).stream().filter(n -> n.getString("subject").startsWith("rx:" + rxNumber + ":"))
                .findFirst().orElseThrow(() -> new AssertionError("no reminder for " + rxNumber + ": "
                        + notifications(pharmacy)));
    }

    /**
     * How the panel names a reminder's subject: the prescription and the fill that runs out, which must be the last
     * fill in the patient's file.
     */
    private String reminderSubject(RunningPharmacy pharmacy, JsonObject reminder) {
        String[] key = reminder.getString("subject").split(":");
        String filled = staff(pharmacy, "/api/patients/" + reminder.getJsonNumber("patient_id").longValueExact())
                .getJsonArray("prescriptions").getValuesAs(JsonObject.class).stream()
                .filter(rx -> rx.getString("rx_number").equals(key[1])).findFirst().orElseThrow()
                .getString("last_filled_on");
        assertThat(key[2], equalTo(filled));
        return "Rx " + key[1] + ", filled " + filled;
    }

    private List<JsonObject> notifications(RunningPharmacy pharmacy) {
        return staff(pharmacy, "/api/outbound").getJsonArray("notifications").getValuesAs(JsonObject.class);
    }

    private JsonObject notification(RunningPharmacy pharmacy, JsonObject notification) {
        return notifications(pharmacy).stream().filter(n -> id(n).equals(id(notification))).findFirst()
                .orElseThrow(() -> new AssertionError("notification " + id(notification) + " is gone"));
    }

    private String stateOf(RunningPharmacy pharmacy, JsonObject notification) {
        return notification(pharmacy, notification).getString("state");
    }

    private JsonObject staff(RunningPharmacy pharmacy, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(pharmacy.http(path))
                    .header("Authorization", "Bearer " + STAFF_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(path + " answered " + response.body(), response.statusCode(), equalTo(200));
            return json(response.body());
        } catch (IOException e) {
            throw new AssertionError("the server did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void assertScreenshots(String... names) throws IOException {
        for (String name : names) {
            assertThat(name, Files.size(BrowserTools.OUT_DIR.resolve(name)), greaterThan(10_000L));
        }
    }

    /** Each listed notification's cells (and then its buttons' labels, or "" for none), by its id. */
    private static Map<String, List<String>> cellsById(JsonObject result, String name) {
        Map<String, List<String>> byId = new HashMap<>();
        for (JsonObject row : rows(result, name)) {
            List<String> cells = new ArrayList<>(cells(row));
            List<String> buttons = strings(row, "buttons");
            assertThat("the last cell holds the buttons", cells.getLast(), equalTo(String.join("", buttons)));
            assertThat(row.getString("id") + " listed once", byId.put(row.getString("id"), cells), equalTo(null));
        }
        return byId;
    }

    private static List<String> ids(JsonObject result, String name) {
        return rows(result, name).stream().map(row -> row.getString("id")).toList();
    }

    private static List<JsonObject> rows(JsonObject result, String name) {
        return result.getJsonArray(name).getValuesAs(JsonObject.class);
    }

    private static List<String> cells(JsonObject row) {
        return strings(row, "cells");
    }

    private static String id(JsonObject notification) {
        return Long.toString(notification.getJsonNumber("id").longValueExact());
    }

    private static String url(RunningPharmacy pharmacy) {
        return "http://127.0.0.1:" + pharmacy.server.port();
    }

    private static String pageTime(Instant at) {
        return PAGE_TIME.format(at.atZone(NOON_ZONE));
    }

    private static ZoneId noonZone() {
        int offset = 12 - Instant.now().atOffset(ZoneOffset.UTC).getHour();
        return ZoneId.of(offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port", e);
        }
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).stream().map(value -> value instanceof JsonString s ? s.getString()
                : value.toString()).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
