package org.pharmacyvoice.app.staff;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Optional;
import org.pharmacyvoice.domain.call.port.out.CallHistory;
import org.pharmacyvoice.domain.telephony.CallRecord;

/** {@code GET /api/calls} and {@code GET /api/calls/{sid}}: the call records, as JSON for pharmacy staff. */
public final class CallRecordsApi {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final CallHistory history;

    public CallRecordsApi(CallHistory history) {
        this.history = history;
    }

    /** Adds the two routes. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/calls", this::list);
        http.get("/api/calls/{sid}", this::one);
    }

    private void list(ServerRequest request, ServerResponse response) {
        String limitText = request.query().first("limit").orElse(String.valueOf(DEFAULT_LIMIT));
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            error(response, Status.BAD_REQUEST_400, "invalid_parameter", "limit must be a whole number: " + limitText);
            return;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            error(response, Status.BAD_REQUEST_400, "invalid_parameter",
                    "limit must be between 1 and " + MAX_LIMIT + ": " + limitText);
            return;
        }
        JsonArrayBuilder calls = Json.createArrayBuilder();
        history.recent(limit).forEach(call -> calls.add(summary(call)));
        CounterJson.send(response, Status.OK_200, Json.createObjectBuilder().add("calls", calls).build());
    }

    private void one(ServerRequest request, ServerResponse response) {
        String sid = request.path().pathParameters().get("sid");
        Optional<CallRecord> found = history.find(sid);
        if (found.isEmpty()) {
            error(response, Status.NOT_FOUND_404, "not_found", "No call " + sid + " in the records.");
            return;
        }
        CallRecord call = found.get();
        JsonArrayBuilder transcript = Json.createArrayBuilder();
        call.transcript().forEach(line -> transcript.add(Json.createObjectBuilder()
                .add("speaker", line.speaker().name().toLowerCase(java.util.Locale.ROOT))
                .add("text", line.text())
                .add("at", line.at().toString())));
        JsonArrayBuilder tools = Json.createArrayBuilder();
        call.toolRuns().forEach(run -> tools.add(Json.createObjectBuilder()
                .add("tool_call_id", run.toolCallId())
                .add("tool", run.toolName())
                .add("arguments", run.arguments())
                .add("result", run.result())
                .add("succeeded", run.succeeded())
                .add("duration_ms", run.durationMillis())
                .add("at", run.at().toString())));
        CounterJson.send(response, Status.OK_200, summary(call)
                .add("caller_number", call.callerNumber() == null ? "" : call.callerNumber())
                .add("transcript", transcript)
                .add("tool_calls", tools)
                .build());
    }

    private static JsonObjectBuilder summary(CallRecord call) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("call_sid", call.callSid())
                .add("caller", call.callerMasked());
        optional(json, "stream_sid", Optional.ofNullable(call.streamSid()));
        optional(json, "called_number", Optional.ofNullable(call.calledNumber()));
        optional(json, "started_at", call.startedAt().map(Instant::toString));
        optional(json, "ended_at", call.endedAt().map(Instant::toString));
        optional(json, "end_reason", call.endReason());
        optional(json, "network_status", call.networkStatus());
        if (call.durationSeconds().isPresent()) {
            json.add("duration_seconds", call.durationSeconds().getAsInt());
        }
        json.add("in_progress", call.startedAt().isPresent() && call.endedAt().isEmpty());
        return json;
    }

    private static void optional(JsonObjectBuilder json, String name, Optional<String> value) {
        value.ifPresent(text -> json.add(name, text));
    }

    private static void error(ServerResponse response, Status status, String error, String detail) {
        CounterJson.send(response, status, CounterJson.error(error, detail));
    }
}
