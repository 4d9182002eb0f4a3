package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's Charts panel in a real headless Chromium against a real server and the fake agent: before any call
 * the calls-per-hour chart says there were none; after three calls that talked, reported the agent's response time
 * and ran tools that succeeded and failed, every chart shows exactly what the staff API and /observe/metrics say —
 * bar by bar, in the bars' heights and in the text alternative each SVG carries. The metrics are process-wide, so the
 * expected numbers are read from a scrape, never assumed. A screenshot of the panel is kept in target/browser and
 * copied to docs/dashboard-charts.png.
 */
class BrowserChartsTest {

    private static final String STAFF_TOKEN = "browser-charts-token-8c2e";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The histograms drawn, by the figure's id: the metric and its labels, as HelidonCallMetrics names them. */
    private static final Map<String, String[]> HISTOGRAMS = Map.of(
            "chart-caller-latency", new String[] {"pharmacy_bridge_latency_seconds", "direction", "caller_to_agent"},
            "chart-agent-latency", new String[] {"pharmacy_bridge_latency_seconds", "direction", "agent_to_caller"},
            "chart-agent-response", new String[] {"pharmacy_agent_response_latency_seconds"});
    private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{(.*)}\\s+(\\S+)$");

    @TempDir
    Path dataDir;
    private static Path chromium;
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningPharmacy pharmacy;

    @BeforeAll
    static void findTheBrowser() {
        chromium = BrowserTools.requireBrowser();
    }

    @AfterEach
    void stop() {
        if (pharmacy != null) {
            pharmacy.close();
        }
    }

    @Test
    void theChartsShowTheCallsPerHourTheLatencyHistogramsAndTheToolOutcomesTheServerCounted() throws Exception {
        pharmacy = RunningPharmacy.start(dataDir, Map.of("staff.token", STAFF_TOKEN));

        JsonObject before = runScript("before");
        JsonObject callsChart = chart(before, "chart-calls-per-hour");
        assertThat(callsChart.getString("empty"), equalTo("No calls in the last 24 hours."));
        assertThat(callsChart.getInt("svgs"), equalTo(0));
        assertChartsAgreeWithMetrics(before, PrometheusScrape.of(pharmacy.http("/observe/metrics")));

        PrometheusScrape start = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
        List<String> sids = new ArrayList<>();
        try (PhoneCall call = PhoneCall.from(pharmacy, "+12025550103")) {
            sids.add(call.callSid());
            call.talk(5);
            call.agentRespondedIn(0.8);
            call.verifyAs("Carmen Diaz", "1990-02-14");
            call.run("get_drug_info", "{\"drug_name\":\"Advil\"}");
        }
        try (PhoneCall call = PhoneCall.from(pharmacy, "+15550001234")) {
            sids.add(call.callSid());
            call.talk(3);
            call.agentRespondedIn(2.5);
            call.run("lookup_order", "{\"order_id\":987654}");
            call.run("get_drug_info", "{\"drug_name\":\"Advil\"}");
        }
        try (PhoneCall call = PhoneCall.from(pharmacy, "+15550005678")) {
            sids.add(call.callSid());
            call.talk(2);
        }
        for (String sid : sids) {
            RunningPharmacy.awaitThat(() -> {
                pharmacy.server.flushCallRecords(WAIT);
                return staff("/api/calls/" + sid).containsKey("end_reason");
            }, WAIT);
        }
        RunningPharmacy.awaitThat(() -> {
            PrometheusScrape now = PrometheusScrape.of(pharmacy.http("/observe/metrics"));
            return now.since(start, "pharmacy_agent_response_latency_seconds_count", "agent", "deepgram") == 2
                    && now.since(start, "pharmacy_tool_call_duration_seconds_count", "tool", "get_drug_info",
                            "outcome", "succeeded") == 2
                    && now.since(start, "pharmacy_tool_call_duration_seconds_count", "tool", "lookup_order",
                            "outcome", "failed") == 1;
        }, WAIT);
        PrometheusScrape counted = PrometheusScrape.of(pharmacy.http("/observe/metrics"));

        JsonObject after = runScript("after");
        assertThat("nothing changed the metrics while the page read them", bucketsAndTools(
                PrometheusScrape.of(pharmacy.http("/observe/metrics"))), equalTo(bucketsAndTools(counted)));

        // Calls per hour: the three calls, in the hour (UTC, as the page was told) each started, as the API lists them.
        Map<String, Integer> perHour = new TreeMap<>();
        for (JsonObject call : staff("/api/calls?limit=200").getJsonArray("calls").getValuesAs(JsonObject.class)) {
            Instant started = Instant.parse(call.getString("started_at"));
            if (started.isAfter(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(23, ChronoUnit.HOURS))) {
                perHour.merge(String.format("%02d:00", started.atOffset(ZoneOffset.UTC).getHour()), 1, Integer::sum);
            }
        }
        assertThat(perHour.values().stream().mapToInt(Integer::intValue).sum(), equalTo(3));
        JsonObject hours = chart(after, "chart-calls-per-hour");
        List<JsonObject> hourBars = hours.getJsonArray("bars").getValuesAs(JsonObject.class);
        assertThat(hourBars, hasSize(24));
        Map<String, Integer> drawn = new TreeMap<>();
        hourBars.stream().filter(bar -> bar.getInt("value") > 0)
                .forEach(bar -> drawn.put(bar.getString("label"), bar.getInt("value")));
        assertThat(drawn, equalTo(perHour));
        assertThat("the latest hour is the last bar", hourBars.getLast().getString("label"),
                equalTo(String.format("%02d:00", Instant.now().atOffset(ZoneOffset.UTC).getHour())));
        assertHeightsFollowValues(hourBars);
        assertThat(hours.getString("role"), equalTo("img"));
        String said = "Calls per hour, last 24 hours: " + String.join(", ", perHour.entrySet().stream()
                .map(hour -> hour.getKey() + ": " + hour.getValue()).toList());
        assertThat(hours.getString("ariaLabel"), equalTo(said));
        assertThat(hours.getString("svgTitle"), equalTo(said));

        assertChartsAgreeWithMetrics(after, counted);
        JsonObject tools = chart(after, "chart-tool-outcomes");
        assertThat("the calls' tools are among those drawn", tools.getString("ariaLabel"), startsWith(
                "Tool calls, succeeded and failed: "));
        assertThat(after.getString("status"), equalTo(""));
        assertThat(after.getJsonArray("pageErrors"), empty());

        Path screenshot = BrowserTools.OUT_DIR.resolve("dashboard-charts-after.png");
        assertThat(Files.size(screenshot), greaterThan(10_000L));
        Path docs = Path.of("..", "docs", "dashboard-charts.png");
        if (Files.isDirectory(docs.getParent())) {
            Files.copy(screenshot, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Each histogram bar for bar, and the tool outcomes tool by tool, as {@code metrics} counted them. */
    private static void assertChartsAgreeWithMetrics(JsonObject result, PrometheusScrape metrics) {
        for (var histogram : HISTOGRAMS.entrySet()) {
            JsonObject chart = chart(result, histogram.getKey());
            Map<String, Integer> expected = buckets(metrics, histogram.getValue());
            if (expected.values().stream().allMatch(count -> count == 0)) {
                assertThat(histogram.getKey(), chart.getString("empty"), equalTo("Nothing measured yet."));
                continue;
            }
            List<JsonObject> bars = chart.getJsonArray("bars").getValuesAs(JsonObject.class);
            Map<String, Integer> drawn = new LinkedHashMap<>();
            bars.forEach(bar -> drawn.put(bar.getString("le"), bar.getInt("value")));
            assertThat(histogram.getKey(), drawn, equalTo(expected));
            assertHeightsFollowValues(bars);
            assertThat(chart.getString("ariaLabel"), equalTo(chart.getString("caption") + ": " + String.join(", ",
                    bars.stream().filter(bar -> bar.getInt("value") > 0)
                            .map(bar -> bar.getString("label") + ": " + bar.getInt("value")).toList())));
        }
        Map<String, List<Integer>> expectedTools = toolOutcomes(metrics);
        JsonObject tools = chart(result, "chart-tool-outcomes");
        if (expectedTools.isEmpty()) {
            assertThat(tools.getString("empty"), equalTo("No tool has run yet."));
            return;
        }
        Map<String, List<Integer>> drawnTools = new TreeMap<>();
        for (JsonObject tool : tools.getJsonArray("tools").getValuesAs(JsonObject.class)) {
            drawnTools.put(tool.getString("tool"), List.of(tool.getInt("succeeded"), tool.getInt("failed")));
            assertThat("bar lengths in proportion", tool.getInt("succeeded") == 0 == (tool.getInt("succeededWidth") == 0)
                    && tool.getInt("failed") == 0 == (tool.getInt("failedWidth") == 0), equalTo(true));
        }
        assertThat(drawnTools, equalTo(expectedTools));
        assertThat(tools.getString("ariaLabel"), equalTo("Tool calls, succeeded and failed: " + String.join("; ",
                expectedTools.entrySet().stream().map(tool -> tool.getKey() + ": " + tool.getValue().get(0)
                        + " succeeded, " + tool.getValue().get(1) + " failed").toList())));
    }

    /** The tallest bar is the largest value, every bar with a value is seen, and one without has no height. */
    private static void assertHeightsFollowValues(List<JsonObject> bars) {
        int max = bars.stream().mapToInt(bar -> bar.getInt("value")).max().orElse(0);
        for (JsonObject bar : bars) {
            int value = bar.getInt("value");
            int height = bar.getInt("height");
            assertThat(bar.toString(), value == 0 ? height == 0 : height > 0 && (value != max || height == 100),
                    equalTo(true));
        }
    }

    /**
     * A histogram's buckets by bound as written in the metrics, each with the count in it (not cumulative); series
     * that differ in a label not asked for (the agent's) are added up, as the chart does.
     */
    private static Map<String, Integer> buckets(PrometheusScrape metrics, String[] metricAndLabels) {
        Map<String, Double> summed = new LinkedHashMap<>();
        for (String line : metrics.text().split("\n")) {
            Matcher bucket = BUCKET.matcher(line.strip());
            if (!bucket.matches() || !bucket.group(1).equals(metricAndLabels[0])) {
                continue;
            }
            Map<String, String> labels = labels(bucket.group(2));
            boolean wanted = true;
            for (int i = 1; i + 1 < metricAndLabels.length; i += 2) {
                wanted &= metricAndLabels[i + 1].equals(labels.get(metricAndLabels[i]));
            }
            if (wanted) {
                summed.merge(labels.get("le"), Double.parseDouble(bucket.group(3)), Double::sum);
            }
        }
        List<Map.Entry<String, Double>> cumulative = new ArrayList<>(summed.entrySet());
        cumulative.sort(Comparator.comparingDouble(entry -> entry.getKey().equals("+Inf") ? Double.POSITIVE_INFINITY
                : Double.parseDouble(entry.getKey())));
        Map<String, Integer> counts = new LinkedHashMap<>();
        double below = 0;
        for (var entry : cumulative) {
            counts.put(entry.getKey(), (int) Math.round(entry.getValue() - below));
            below = entry.getValue();
        }
        assertThat("the metrics have the buckets of " + metricAndLabels[0], counts.isEmpty(), equalTo(false));
        return counts;
    }

    /** Per tool that ran, [succeeded, failed], from the tool timers' counts. */
    private static Map<String, List<Integer>> toolOutcomes(PrometheusScrape metrics) {
        Map<String, int[]> tools = new TreeMap<>();
        Pattern count = Pattern.compile("^pharmacy_tool_call_duration_seconds_count\\{(.*)}\\s+(\\S+)$");
        for (String line : metrics.text().split("\n")) {
            Matcher sample = count.matcher(line.strip());
            if (sample.matches()) {
                Map<String, String> labels = labels(sample.group(1));
                int[] outcomes = tools.computeIfAbsent(labels.get("tool"), tool -> new int[2]);
                outcomes[labels.get("outcome").equals("succeeded") ? 0 : 1] +=
                        (int) Math.round(Double.parseDouble(sample.group(2)));
            }
        }
        Map<String, List<Integer>> ran = new TreeMap<>();
        tools.forEach((tool, outcomes) -> {
            if (outcomes[0] + outcomes[1] > 0) {
                ran.put(tool, List.of(outcomes[0], outcomes[1]));
            }
        });
        return ran;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        Matcher label = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }

    private static String bucketsAndTools(PrometheusScrape metrics) {
        StringBuilder lines = new StringBuilder();
        for (String line : metrics.text().split("\n")) {
            if (line.startsWith("pharmacy_tool_call_duration_seconds_count") || line.contains("_bucket{")
                    && (line.startsWith("pharmacy_bridge_latency") || line.startsWith("pharmacy_agent_response"))) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    private static JsonObject chart(JsonObject result, String id) {
        return result.getJsonObject("charts").getJsonObject(id);
    }

    /** Runs charts.test.mjs; what the Charts panel showed, once the script has succeeded. */
    private JsonObject runScript(String name) throws Exception {
        Files.createDirectories(BrowserTools.OUT_DIR);
        Path log = BrowserTools.OUT_DIR.resolve("charts-" + name + "-node.log");
        Path resultFile = BrowserTools.OUT_DIR.resolve("charts-" + name + "-result.json");
        Files.deleteIfExists(resultFile);
        Files.deleteIfExists(BrowserTools.OUT_DIR.resolve("dashboard-charts-" + name + ".png"));
        Process browser = new ProcessBuilder("node", "charts.test.mjs", "--url", "http://127.0.0.1:"
                + pharmacy.server.port(), "--name", name, "--out", BrowserTools.OUT_DIR.toString(), "--chromium",
                chromium.toString(), "--staff-token", STAFF_TOKEN, "--time-zone", "UTC")
                .directory(BrowserTools.BROWSER_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        try {
            assertThat("the browser script finished in time; its log: " + Files.readString(log),
                    browser.waitFor(120, TimeUnit.SECONDS), equalTo(true));
        } finally {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        assertThat("the browser script wrote its result; its log: " + Files.readString(log),
                Files.exists(resultFile), equalTo(true));
        JsonObject result = Json.createReader(new StringReader(Files.readString(resultFile))).readObject();
        assertThat("the browser script succeeded; " + result, browser.exitValue(), equalTo(0));
        return result;
    }

    private JsonObject staff(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(pharmacy.http(path))
                    .header("Authorization", "Bearer " + STAFF_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(path + " answered " + response.body(), response.statusCode(), equalTo(200));
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (IOException e) {
            throw new AssertionError("the server did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
