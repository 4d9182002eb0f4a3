package org.pharmacyvoice.app.staff;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.call.port.in.ReviewCallsUseCase;
import org.pharmacyvoice.domain.telephony.CallRecord;

/** {@code GET /api/calls} and {@code GET /api/calls/{sid}}: the call records, as JSON for pharmacy staff. */
public final class CallsApi {

    private final ReviewCallsUseCase calls;

    public CallsApi(ReviewCallsUseCase calls) {
        this.calls = Objects.requireNonNull(calls, "'calls' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/calls/} a JSON 404. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/calls", JsonReplies.guarded(this::list));
        http.get("/api/calls/{sid}", JsonReplies.guarded(this::one));
        // No HEAD: Helidon 4.2 would send the body anyway, so a HEAD gets the 405 below.
        http.any("/api/calls", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/calls/{sid}", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/calls/*", JsonReplies.noSuchResource(StaffJson.CALL_RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        RequestReading.onlyParameters(request.query(), "limit");
        int limit = RequestReading.intParameter(request.query(), "limit", ReviewCallsUseCase.DEFAULT_PAGE, 1,
                ReviewCallsUseCase.MAX_PAGE);
        JsonArrayBuilder page = JsonReplies.JSON.createArrayBuilder();
        calls.recentCalls(limit).forEach(call -> page.add(summary(call)));
        JsonReplies.send(response, Status.OK_200, JsonReplies.JSON.createObjectBuilder().add("calls", page).build());
    }

    private void one(ServerRequest request, ServerResponse response) {
        String sid = request.path().pathParameters().get("sid");
        CallRecord call = calls.call(sid)
                .orElseThrow(() -> RejectedRequest.notFound("No call " + sid + " in the records."));
        JsonArrayBuilder transcript = JsonReplies.JSON.createArrayBuilder();
        call.transcript().forEach(line -> transcript.add(JsonReplies.JSON.createObjectBuilder()
                .add("speaker", line.speaker().name().toLowerCase(Locale.ROOT))
                .add("text", line.text())
                .add("at", line.at().toString())));
        JsonArrayBuilder tools = JsonReplies.JSON.createArrayBuilder();
        call.toolRuns().forEach(run -> tools.add(JsonReplies.JSON.createObjectBuilder()
                .add("tool_call_id", run.toolCallId())
                .add("tool", run.toolName())
                .add("arguments", run.arguments())
                .add("result", run.result())
                .add("succeeded", run.succeeded())
                .add("duration_ms", run.durationMillis())
                .add("at", run.at().toString())));
        JsonReplies.send(response, Status.OK_200, summary(call)
                .add("caller_number", call.callerNumber() == null ? "" : call.callerNumber())
                .add("transcript", transcript)
                .add("tool_calls", tools)
                .build());
    }

    private static JsonObjectBuilder summary(CallRecord call) {
        JsonObjectBuilder json = JsonReplies.JSON.createObjectBuilder()
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
}
