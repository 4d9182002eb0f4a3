package org.pharmacyvoice.it;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.pharmacyvoice.app.PharmacyVoiceServer;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;

/**
 * The real application, started through its composition root on a free port, with its agent pointed at a fake
 * Deepgram server and its database in a temporary folder; the pharmacy is open around the clock unless a test says
 * otherwise.
 */
final class RunningPharmacy implements AutoCloseable {

    static final String GREETING = "Hello, this is the test pharmacy.";
    static final String PROMPT = "You are the test pharmacy's assistant.";
    static final String API_KEY = "test-key-123";
    static final String OPEN_AROUND_THE_CLOCK = "Mon-Sun 00:00-24:00";
    /** application.yaml's hours, for tests about them. */
    static final String SHOP_HOURS = "Mon-Fri 09:00-19:00; Sat 09:00-17:00";

    final FakeDeepgramAgent agent;
    final PharmacyVoiceServer server;

    private RunningPharmacy(FakeDeepgramAgent agent, PharmacyVoiceServer server) {
        this.agent = agent;
        this.server = server;
    }

    static RunningPharmacy start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, extra, List.of());
    }

    /** The same, with business tools of the test's own registered after the pharmacy's tools. */
    static RunningPharmacy start(Path dataDir, Map<String, String> extra, List<? extends BusinessTool> extraTools) {
        FakeDeepgramAgent agent = FakeDeepgramAgent.start();
        var values = new HashMap<String, String>();
        values.put("port", "0");
        values.put("deepgram.api.key", API_KEY);
        values.put("deepgram.agent.url", agent.url().toString());
        values.put("db.url", "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath());
        values.put("agent.greeting", GREETING);
        values.put("agent.prompt", PROMPT);
        // Open around the clock, so that what the agent is told does not depend on when the test runs.
        values.put("pharmacy.hours", OPEN_AROUND_THE_CLOCK);
        values.putAll(extra);
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        try {
            return new RunningPharmacy(agent, PharmacyVoiceServer.start(config, extraTools));
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    URI streamUrl() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/media-stream");
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The call's record from the staff API once it has ended (its end reason set), waiting up to {@code wait}. */
    JsonObject endedCall(String callSid, Duration wait) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                server.flushCallRecords(wait);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(http("/api/calls/" + callSid)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonObject record = Json.createReader(new StringReader(response.body())).readObject();
                    if (record.containsKey("end_reason") && !record.isNull("end_reason")) {
                        return record;
                    }
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new AssertionError("the staff API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        throw new AssertionError("call " + callSid + " did not end within " + wait);
    }

    /** Waits until {@code condition} holds, checking every 20 ms; fails after {@code wait}. */
    static void awaitThat(BooleanSupplier condition, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + wait);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.close();
        agent.close();
    }
}
