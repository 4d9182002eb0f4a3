package org.pharmacyvoice.app.caller;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows one call in the server's records ({@code GET /api/calls/{sid}}) and reports each new transcript line and
 * tool call once, in order, as the simulated caller's output.
 */
final class RecordsFeed {

    private final HttpClient http;
    private final URI record;
    private final Consumer<String> out;
    private int linesShown;
    private int toolsShown;
    private volatile String endReason;

    RecordsFeed(HttpClient http, URI server, String callSid, Consumer<String> out) {
        this.http = http;
        this.record = server.resolve("/api/calls/" + callSid);
        this.out = out;
    }

    /** Reads the record once; prints what is new. Quietly does nothing until the record exists. */
    synchronized void poll() {
        JsonObject call;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(record).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                call = reader.readObject();
            }
        } catch (IOException | RuntimeException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        var transcript = call.getJsonArray("transcript").getValuesAs(JsonObject.class);
        for (; linesShown < transcript.size(); linesShown++) {
            JsonObject line = transcript.get(linesShown);
            out.accept(("agent".equals(line.getString("speaker")) ? "agent:  " : "caller: ") + line.getString("text"));
        }
        var tools = call.getJsonArray("tool_calls").getValuesAs(JsonObject.class);
        for (; toolsShown < tools.size(); toolsShown++) {
            JsonObject tool = tools.get(toolsShown);
            out.accept("tool:   " + tool.getString("tool") + " " + tool.getString("arguments") + " -> "
                    + (tool.getBoolean("succeeded") ? "ok" : "failed") + " in " + tool.getInt("duration_ms") + " ms: "
                    + tool.getString("result"));
        }
        if (call.containsKey("end_reason")) {
            endReason = call.getString("end_reason").toLowerCase(Locale.ROOT);
        }
    }

    /** Polls until the record says how the call ended, for up to {@code timeout}. */
    Optional<String> awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        poll();
        while (endReason == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            poll();
        }
        return Optional.ofNullable(endReason);
    }
}
