package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The softphone and the dashboard in a real headless Chromium: its fake microphone speaks a sentence made with
 * espeak-ng, the page streams it as Twilio would, the fake Deepgram agent answers with audio, transcript, tool calls
 * and a barge-in, and the browser must play, show and clear accordingly. Screenshots stay in target/browser.
 */
class BrowserSoftphoneTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CUSTOMER = "Jane Browser";
    private static final String STAFF_TOKEN = "browser-staff-token-31c7";

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private static Path chromium;

    @BeforeAll
    static void startPharmacy() {
        chromium = BrowserTools.requireAll();
        // Staff pages behind a token, as in production: the browser signs in when the page asks.
        pharmacy = RunningPharmacy.start(dataDir, Map.of("caller.silence.timeout", "30", "staff.token", STAFF_TOKEN));
    }

    @AfterAll
    static void stopPharmacy() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    @Test
    void aCallFromChromiumCarriesSpeechBothWaysShowsTranscriptAndToolsObeysClearAndShowsUpOnTheDashboard()
            throws Exception {
        Path wav = BrowserTools.spokenWav("caller",
                "Hello, do you have ibuprofen in stock? I would like to order one pack, please.");
        Path log = BrowserTools.OUT_DIR.resolve("softphone-node.log");
        for (String stale : List.of("result.json", "softphone.png", "dashboard.png", "failure-0.png", "failure-1.png",
                "failure-2.png")) {
            Files.deleteIfExists(BrowserTools.OUT_DIR.resolve(stale));
        }
        Process browser = new ProcessBuilder("node", "softphone.test.mjs",
                "--url", "http://127.0.0.1:" + pharmacy.server.port(), "--wav", wav.toString(),
                "--out", BrowserTools.OUT_DIR.toString(), "--chromium", chromium.toString(), "--customer", CUSTOMER,
                "--staff-token", STAFF_TOKEN)
                .directory(BrowserTools.BROWSER_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            playTheAgent();
            assertThat("the browser script finished in time; its log: " + Files.readString(log),
                    browser.waitFor(90, TimeUnit.SECONDS), equalTo(true));
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        JsonObject result = json(Files.readString(BrowserTools.OUT_DIR.resolve("result.json")));
        assertThat("the browser script succeeded; " + result + "\nlog: " + Files.readString(log),
                browser.exitValue(), equalTo(0));

        JsonObject stats = result.getJsonObject("page").getJsonObject("stats");
        assertThat("the page sent 20 ms frames", stats.getJsonObject("sent").getInt("frames"), greaterThan(100));
        assertThat(stats.getJsonObject("sent").getInt("bytes"), equalTo(160 * stats.getJsonObject("sent")
                .getInt("frames")));
        int played = stats.getJsonObject("played").getInt("audible");
        assertThat("the greeting and the answer were played (8000 samples a second)", played,
                greaterThanOrEqualTo(8000 * 2));
        var marks = stats.getJsonArray("marksEchoed").getValuesAs(JsonObject.class);
        assertThat("the first mark (after one second of agent audio) was echoed only once that second had played",
                marks.getFirst().getInt("played"), greaterThanOrEqualTo(8000));
        assertThat(stats.getJsonObject("received").getInt("clears"), equalTo(1));
        assertThat("the clear dropped most of the ten-second reply", stats.getInt("droppedOnClear"),
                greaterThan(8000 * 7));
        assertThat("not one sample played after the clear", result.getInt("playedAfterClear"),
                equalTo(result.getInt("playedAtClear")));
        List<String> transcript = strings(result.getJsonObject("page"), "transcript");
        assertThat(transcript, hasItem("AgentHello, this is the test pharmacy."));
        // The record, and so the page, hides the formulary's drugs: what callers ask for can be health information.
        assertThat(transcript, hasItem("YouDo you have ••• in stock?"));
        assertThat(transcript, hasItem("AgentYes, ••• is in stock. Your order is placed."));
        var tools = result.getJsonObject("page").getJsonArray("tools").getValuesAs(JsonObject.class);
        assertThat(tools.get(0).getString("tool"), equalTo("get_drug_info"));
        assertThat(tools.get(0).getString("outcome"), containsString("ok"));
        assertThat(tools.get(0).getString("result"), containsString("\"drug\": \"ibuprofen\""));
        assertThat(tools.get(1).getString("tool"), equalTo("place_order"));
        assertThat(tools.get(1).getString("result"), containsString("\"order_id\""));
        assertThat(result.getString("endReason"), equalTo("caller_hung_up"));

        assertThat(result.getJsonObject("dashboardDuringCall").getString("endReason"), equalTo("in progress"));
        JsonObject dashboard = result.getJsonObject("dashboard");
        assertThat(dashboard.getString("endReason"), equalTo("caller hung up"));
        assertThat(strings(dashboard, "tools"), equalTo(List.of("get_drug_info", "place_order")));
        assertThat(strings(dashboard, "transcript"), hasItem("CallerDo you have ••• in stock?"));
        assertThat(dashboard.getString("activeCount"), equalTo("0"));
        var orders = dashboard.getJsonArray("orders").getValuesAs(JsonObject.class);
        assertThat(orders.stream().filter(order -> order.getString("text").contains(CUSTOMER))
                .map(order -> order.getString("status")).toList(), equalTo(List.of("ready")));
        assertThat("no script errors", strings(result, "pageErrors"), empty());
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("softphone.png")), greaterThan(10_000L));
        assertThat(Files.size(BrowserTools.OUT_DIR.resolve("dashboard.png")), greaterThan(10_000L));
    }

    /** The fake agent's side of the conversation, while the browser calls. */
    private static void playTheAgent() throws Exception {
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();

        byte[] heard = agent.awaitAudio(8000 * 3, WAIT);
        assertThat("the browser sends 160-byte frames, as Twilio does", agent.audioFrames().stream()
                .filter(frame -> frame.length != 160).toList(), empty());
        int loudFrames = BrowserTools.loudFrames(heard);
        assertThat("the agent hears speech, not silence: " + loudFrames + " loud frames in three seconds",
                loudFrames, greaterThan(25));

        agent.sendConversationText("assistant", "Hello, this is the test pharmacy.");
        BrowserTools.sendTone(agent, 440, 1.5);
        agent.sendAgentAudioDone();
        agent.sendConversationText("user", "Do you have ibuprofen in stock?");
        var lookup = FunctionCall.of("get_drug_info", "{\"drug_name\":\"Advil\"}");
        agent.requestFunctions(lookup);
        agent.awaitFunctionResponse(lookup.id(), WAIT);
        var order = FunctionCall.of("place_order",
                "{\"customer_name\":\"" + CUSTOMER + "\",\"drug_name\":\"Advil\",\"quantity\":1}");
        agent.requestFunctions(order);
        agent.awaitFunctionResponse(order.id(), WAIT);
        agent.sendConversationText("assistant", "Yes, ibuprofen is in stock. Your order is placed.");
        BrowserTools.sendTone(agent, 660, 1.0);
        agent.sendAgentAudioDone();

        // A long reply, cut short: the caller starts speaking and the page must drop the rest at once.
        Thread.sleep(3000);
        BrowserTools.sendTone(agent, 550, 10);
        Thread.sleep(700);
        agent.sendUserStartedSpeaking();
        assertThat(agent.awaitClosed(Duration.ofSeconds(60)), equalTo(true));
    }

    private static List<String> strings(JsonObject object, String name) {
        return object.getJsonArray(name).stream().map(value -> value instanceof JsonString s ? s.getString()
                : value.toString()).toList();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
