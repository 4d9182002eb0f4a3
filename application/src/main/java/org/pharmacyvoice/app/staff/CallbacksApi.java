package org.pharmacyvoice.app.staff;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Objects;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.app.http.RequestReading;
import org.pharmacyvoice.domain.frontdesk.port.in.CallbacksUseCase;

/**
 * {@code /api/callbacks}: the callers who left a message because nobody could take their call, and marking one called
 * back with {@code PATCH {"open": false}}, the way a renewal request is marked sent. Once done, a callback stays done.
 */
public final class CallbacksApi {

    static final int DEFAULT_LIMIT = 50;
    /** The same cap on one look as the dispensary's lists. */
    static final int MAX_LIMIT = PatientsApi.MAX_LIMIT;
    private static final String CLOSE = "{\"open\":false}";

    private final CallbacksUseCase callbacks;

    public CallbacksApi(CallbacksUseCase callbacks) {
        this.callbacks = Objects.requireNonNull(callbacks, "'callbacks' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/callbacks/} a JSON 404. */
    public void addRoutes(HttpRouting.Builder http) {
        http.get("/api/callbacks", JsonReplies.guarded(this::list));
        http.patch("/api/callbacks/{id}", JsonReplies.guarded(this::close));
        http.any("/api/callbacks", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/callbacks/{id}", JsonReplies.methodNotAllowed("PATCH"));
        http.any("/api/callbacks/*", JsonReplies.noSuchResource(StaffJson.CALLBACK_RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "open_only", "limit");
        boolean openOnly = RequestReading.booleanParameter(query, "open_only", true);
        int limit = RequestReading.intParameter(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonReplies.send(response, Status.OK_200, StaffJson.callbacks(callbacks.callbacks(openOnly, limit), limit));
    }

    private void close(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Callback");
        requireClose(RequestReading.jsonObjectBody(request));
        if (!callbacks.markCalledBack(id)) {
            throw RejectedRequest.notFound("No open callback with id " + id + ".");
        }
        JsonReplies.send(response, Status.OK_200,
                JsonReplies.JSON.createObjectBuilder().add("id", id).add("open", false).build());
    }

    /** The body must be exactly {@code {"open": false}}: being done is the one change a callback can take. */
    private static void requireClose(JsonObject body) {
        for (String name : body.keySet()) {
            if (!name.equals("open")) {
                throw RejectedRequest.badRequest("unknown_field", "A callback can only be marked called back with "
                        + CLOSE + ", not changed in '" + name + "'.");
            }
        }
        JsonValue value = body.get("open");
        if (value == null) {
            throw RejectedRequest.badRequest("missing_field", "Mark the callback called back with " + CLOSE + ".");
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE) {
            throw RejectedRequest.badRequest("invalid_field", "A callback can't be reopened; a done one stays done. "
                    + "Mark it called back with " + CLOSE + ".");
        }
        if (value.getValueType() != JsonValue.ValueType.FALSE) {
            throw RejectedRequest.badRequest("invalid_field", "open must be true or false, not "
                    + value.getValueType().name().toLowerCase(Locale.ROOT) + ".");
        }
    }
}
