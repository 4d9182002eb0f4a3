package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;

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
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * A refill from the first word to the counter, in a real headless Chromium against the real server on its H2 database
 * with the demo patients: Carmen Diaz calls from the softphone page, the fake Deepgram agent verifies her and requests
 * a refill of her levothyroxine through the server's own tools, and staff then move that refill to ready and picked up
 * with the dashboard's buttons (and mark sent a renewal request another patient's phone call left). The page, the
 * staff API and the prescription must all agree. Screenshots stay in target/browser.
 */
class BrowserRefillCallTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STAFF_TOKEN = "browser-refills-token-8e2a";
    /** The pharmacy's zone by default: the day a fill is recorded on. */
    private static final ZoneId PHARMACY_ZONE = ZoneId.of("America/New_York");
    /** A demo patient (DemoPatients) with a refillable levothyroxine prescription. */
    private static final String CARMEN = "Carmen Diaz";
    private static final String CARMEN_BORN = "1990-02-14";
    private static final String LEVOTHYROXINE = "2003001";
    /** Another demo patient, whose metformin has no refills left: asking for one sends a renewal request. */
    private static final String METFORMIN = "2002002";
    /** The lines of Carmen's conversation, as the fake agent sends them and the softphone page must show them. */
    private static final int LINES = 7;
    /** What the transcript mask puts in place of patient data. */
    private static final String MASKED = "•••";
    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private static Path chromium;

    @BeforeAll
    static void startPharmacy() {
        chromium = BrowserTools.requireAll();
        // The demo patients are filed into the empty database at start (demo.data defaults to true).
        pharmacy = RunningPharmacy.start(dataDir, Map.of("caller.silence.timeout", "30", "staff.token", STAFF_TOKEN));
    }

    @AfterAll
    static void stopPharmacy() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    @Test
    void aVerifiedCallersRefillFromTheSoftphoneIsMovedToReadyAndPickedUpFromTheDashboard() throws Exception {
        // Carmen's file before the call, as staff see it.
        var found = json(get("/api/patients?name=Diaz").body()).getJsonArray("patients").getValuesAs(JsonObject.class);
        assertThat("one demo patient named Diaz: " + found, found.size(), equalTo(1));
        long carmenId = found.getFirst().getJsonNumber("id").longValueExact();
        assertThat(found.getFirst().getString("date_of_birth"), equalTo(CARMEN_BORN));
        JsonObject before = prescription(carmenId, LEVOTHYROXINE);
        int refillsBefore = before.getInt("refills_remaining");
        String filledBefore = before.getString("last_filled_on");
        assertThat("the demo prescription can be refilled", refillsBefore, greaterThan(0));
        assertThat("the demo fill is weeks old", filledBefore, not(equalTo(LocalDate.now(PHARMACY_ZONE).toString())));
        assertThat("no refill asked for yet", json(get("/api/refills").body()).getInt("count"), equalTo(0));

        long renewalId = bobAsksForARefillWithNoneLeft();

        Path wav = BrowserTools.spokenWav("carmen",
                "Hi, this is Carmen Diaz. I need a refill of my thyroid medicine, please.");
        Path log = BrowserTools.OUT_DIR.resolve("refills-node.log");
        for (String stale : List.of("refills-result.json", "refill-softphone.png", "refill-dashboard.png",
                "refill-dashboard-done.png", "refill-dashboard-full.png", "refills-failure-0.png",
                "refills-failure-1.png")) {
            Files.deleteIfExists(BrowserTools.OUT_DIR.resolve(stale));
        }
        Process browser = new ProcessBuilder("node", "refills.test.mjs",
                "--url", "http://127.0.0.1:" + pharmacy.server.port(), "--wav", wav.toString(),
                "--out", BrowserTools.OUT_DIR.toString(), "--chromium", chromium.toString(),
                "--staff-token", STAFF_TOKEN, "--lines", Integer.toString(LINES),
                "--rx", LEVOTHYROXINE, "--patient-id", Long.toString(carmenId), "--search", "diaz",
                "--filled-before", filledBefore, "--renewal-id", Long.toString(renewalId))
                .directory(BrowserTools.BROWSER_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // The pharmacy's day when the refill is picked up: the day the call starts, or the next if midnight passes.
        var pharmacyDays = new ArrayList<>(List.of(LocalDate.now(PHARMACY_ZONE).toString()));
        Refilled refilled;
        try {
            refilled = playTheAgentForCarmen();
            assertThat("the browser script finished in time; its log: " + Files.readString(log),
                    browser.waitFor(120, TimeUnit.SECONDS), equalTo(true));
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        Path resultFile = BrowserTools.OUT_DIR.resolve("refills-result.json");
        assertThat("the browser script wrote its result; its log: " + Files.readString(log),
                Files.exists(resultFile), equalTo(true));
        JsonObject result = json(Files.readString(resultFile));
        assertThat("the browser script succeeded; " + result + "\nlog: " + Files.readString(log),
                browser.exitValue(), equalTo(0));
        pharmacyDays.add(LocalDate.now(PHARMACY_ZONE).toString());
        long refillId = refilled.refillId();

        // The softphone page during the call: the conversation, masked as the record keeps it, and both tools.
        JsonObject softphone = result.getJsonObject("softphone");
        List<String> transcript = strings(softphone, "transcript");
        assertThat(transcript.size(), equalTo(LINES));
        assertThat(transcript.getFirst(), equalTo("Agent" + RunningPharmacy.GREETING));
        assertThat("the name said before anyone knew it was one, and the date of birth, are hidden", transcript.get(1),
                equalTo("YouHi, this is " + MASKED + " " + MASKED + ", born " + MASKED + ", " + MASKED
                        + ". I need a refill of my thyroid medicine."));
        assertThat("the Rx number is hidden", transcript.get(3), equalTo("YouIt is " + MASKED + "."));
        assertThat("the name given is hidden once verified", transcript.get(2),
                equalTo("AgentThank you, " + MASKED + ". What is the Rx number on the label?"));
        String readyByMasked = refilled.readyBy().replaceFirst("[A-Z][a-z]+ \\d{1,2} at", MASKED + " at");
        assertThat("the drug and the day are hidden, the time of day is not", transcript.get(6),
                equalTo("AgentYour " + MASKED + " refill is requested; it will be ready by " + readyByMasked + "."));
        var tools = softphone.getJsonArray("tools").getValuesAs(JsonObject.class);
        assertThat(tools.stream().map(tool -> tool.getString("tool")).toList(),
                equalTo(List.of("verify_caller", "request_refill")));
        assertThat(tools.get(0).getString("outcome"), containsString("ok"));
        assertThat(tools.get(0).getString("arguments"), containsString("full_name"));
        assertThat("the record keeps the names of the arguments, not what was said", tools.get(0)
                .getString("arguments"), not(containsString("Carmen")));
        assertThat(tools.get(0).getString("result"), containsString("\"outcome\": \"verified\""));
        assertThat(tools.get(1).getString("outcome"), containsString("ok"));
        assertThat(tools.get(1).getString("result"), containsString("\"outcome\": \"queued\""));
        assertThat(tools.get(1).getString("result"), containsString("\"refill_id\": " + refillId));
        assertThat(tools.get(1).getString("result"), containsString("\"refill_status\": \"pending\""));
        for (var tool : tools) {
            assertThat("no patient data in the tool record", tool.toString(), not(containsString(LEVOTHYROXINE)));
            assertThat("no patient data in the tool record", tool.toString(), not(containsString("levothyroxine")));
            assertThat("no patient data in the tool record", tool.toString(), not(containsString(CARMEN_BORN)));
        }
        assertThat("the agent was heard", softphone.getInt("audible"), greaterThanOrEqualTo(8000));
        assertThat(result.getString("endReason"), equalTo("caller_hung_up"));

        // The dashboard: the refill came in pending for Carmen, and the buttons moved it on.
        assertThat(result.getString("refillId"), equalTo(Long.toString(refillId)));
        assertThat(strings(result, "statusesSeen"), equalTo(List.of("pending", "ready", "picked up")));
        assertThat(result.getString("refillRowBefore"), containsString(CARMEN));
        assertThat(result.getString("refillRowBefore"), containsString("levothyroxine 50 mcg"));
        assertThat(result.getString("refillRowBefore"), containsString(LEVOTHYROXINE));
        assertThat(result.getString("renewalRow"), containsString("Bob Tanaka"));
        assertThat(result.getString("renewalRow"), containsString("no refills left"));
        assertThat(result.getString("patientName"), containsString(CARMEN + " · born " + CARMEN_BORN));
        assertThat("filled today, in the pharmacy's zone", result.getString("lastFilled"), is(in(pharmacyDays)));
        assertThat("the refill taken when Carmen asked", result.getString("refillsLeft"),
                equalTo((refillsBefore - 1) + " of " + before.getInt("refills_authorized")));
        assertThat(strings(result, "dashboardCallTools"), equalTo(List.of("verify_caller", "request_refill")));
        assertThat("no renewal request left to send", strings(result, "renewals"), empty());
        assertThat("no script errors", strings(result, "pageErrors"), empty());
        assertThat(result.getString("refillsStatus"), equalTo(""));

        // What the clicks did, as the staff API and the database see it.
        var refills = json(get("/api/refills?patient_id=" + carmenId).body()).getJsonArray("refills")
                .getValuesAs(JsonObject.class);
        assertThat(refills.size(), equalTo(1));
        assertThat(refills.getFirst().getJsonNumber("id").longValueExact(), equalTo(refillId));
        assertThat(refills.getFirst().getString("rx_number"), equalTo(LEVOTHYROXINE));
        assertThat(refills.getFirst().getString("status"), equalTo("picked_up"));
        JsonObject after = prescription(carmenId, LEVOTHYROXINE);
        assertThat(after.getString("last_filled_on"), equalTo(result.getString("lastFilled")));
        assertThat(after.getString("last_filled_on"), is(in(pharmacyDays)));
        assertThat(after.getInt("refills_remaining"), equalTo(refillsBefore - 1));
        assertThat("Bob's renewal request, marked sent", json(get("/api/renewal-requests?open_only=false").body())
                .getJsonArray("renewal_requests").getValuesAs(JsonObject.class).stream()
                .filter(request -> request.getJsonNumber("id").longValueExact() == renewalId)
                .map(request -> request.getBoolean("open")).toList(), equalTo(List.of(false)));
        JsonObject call = json(get("/api/calls/" + result.getString("callSid")).body());
        assertThat(call.getString("caller_number"), equalTo("softphone"));
        assertThat(call.getJsonArray("tool_calls").getValuesAs(JsonObject.class).stream()
                .map(tool -> tool.getString("tool")).toList(), equalTo(List.of("verify_caller", "request_refill")));
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("refill-softphone.png")), greaterThan(10_000L));
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("refill-dashboard.png")), greaterThan(10_000L));
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("refill-dashboard-done.png")), greaterThan(10_000L));
    }

    /**
     * The fake agent's side of Carmen's call, over the real socket: it hears her, then verifies her and requests the
     * refill with the server's tools, saying the conversation as ConversationText lines.
     */
    private static Refilled playTheAgentForCarmen() throws Exception {
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        byte[] heard = agent.awaitAudio(8000 * 2, WAIT);
        assertThat("the agent hears Carmen speak, not silence", BrowserTools.loudFrames(heard), greaterThan(10));

        agent.sendConversationText("assistant", RunningPharmacy.GREETING);
        BrowserTools.sendTone(agent, 440, 1.0);
        agent.sendAgentAudioDone();
        agent.sendConversationText("user",
                "Hi, this is Carmen Diaz, born February 14th, 1990. I need a refill of my thyroid medicine.");
        JsonObject verified = run(agent, FunctionCall.of("verify_caller",
                "{\"full_name\":\"" + CARMEN + "\",\"date_of_birth\":\"" + CARMEN_BORN + "\"}"));
        assertThat(verified.toString(), verified.getString("outcome"), equalTo("verified"));
        assertThat(verified.getString("first_name"), equalTo("Carmen"));
        agent.sendConversationText("assistant", "Thank you, Carmen. What is the Rx number on the label?");
        agent.sendConversationText("user", "It is " + LEVOTHYROXINE + ".");
        agent.sendConversationText("assistant", "That is two zero zero three zero zero one. Shall I request it?");
        agent.sendConversationText("user", "Yes, please.");
        JsonObject queued = run(agent, FunctionCall.of("request_refill", "{\"rx_number\":\"" + LEVOTHYROXINE + "\"}"));
        assertThat(queued.toString(), queued.getString("outcome"), equalTo("queued"));
        assertThat(queued.getString("refill_status"), equalTo("pending"));
        assertThat(queued.getString("rx_number"), equalTo(LEVOTHYROXINE));
        assertThat(queued.getString("drug"), equalTo("levothyroxine"));
        // Said the way people say it, in the pharmacy's zone: "Tuesday, June 16 at 10:30 AM".
        assertThat(queued.getString("ready_by"), matchesPattern("[A-Z][a-z]+day, [A-Z][a-z]+ \\d{1,2} at "
                + "\\d{1,2}:\\d{2} [AP]M"));
        agent.sendConversationText("assistant", "Your " + queued.getString("drug") + " refill is requested; it will be "
                + "ready by " + queued.getString("ready_by") + ".");
        BrowserTools.sendTone(agent, 660, 1.0);
        agent.sendAgentAudioDone();
        assertThat("the softphone hangs up", agent.awaitClosed(Duration.ofSeconds(60)), equalTo(true));
        assertThat(agent.protocolViolations(), empty());
        return new Refilled(queued.getJsonNumber("refill_id").longValueExact(), queued.getString("ready_by"));
    }

    /** The refill the agent requested for Carmen, and when it said it will be ready. */
    private record Refilled(long refillId, String readyBy) {
    }

    private static JsonObject run(AgentConnection agent, FunctionCall call) {
        agent.requestFunctions(call);
        return json(agent.awaitFunctionResponse(call.id(), WAIT).getString("content"));
    }

    /**
     * Bob Tanaka calls from a phone (the fake Twilio caller) and asks for his metformin, which has no refills left:
     * the dispensary asks his prescriber for a new prescription. Returns that renewal request's id.
     */
    private static long bobAsksForARefillWithNoneLeft() throws Exception {
        try (PhoneCall call = PhoneCall.from(pharmacy, "+12025550102")) {
            assertThat(call.run("verify_caller", "{\"full_name\":\"Bob Tanaka\",\"date_of_birth\":\"1971-09-30\"}")
                    .getString("outcome"), equalTo("verified"));
            JsonObject renewal = call.run("request_refill", "{\"rx_number\":\"" + METFORMIN + "\"}");
            assertThat(renewal.toString(), renewal.getString("outcome"), equalTo("renewal_requested"));
        }
        var requests = json(get("/api/renewal-requests").body()).getJsonArray("renewal_requests")
                .getValuesAs(JsonObject.class);
        assertThat(requests.size(), equalTo(1));
        assertThat(requests.getFirst().getString("rx_number"), equalTo(METFORMIN));
        assertThat(requests.getFirst().getBoolean("open"), equalTo(true));
        return requests.getFirst().getJsonNumber("id").longValueExact();
    }

    private static JsonObject prescription(long patientId, String rxNumber) throws Exception {
        return json(get("/api/patients/" + patientId).body()).getJsonArray("prescriptions")
                .getValuesAs(JsonObject.class).stream().filter(rx -> rx.getString("rx_number").equals(rxNumber))
                .findFirst().orElseThrow(() -> new AssertionError(rxNumber + " is not in patient " + patientId
                        + "'s file"));
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
