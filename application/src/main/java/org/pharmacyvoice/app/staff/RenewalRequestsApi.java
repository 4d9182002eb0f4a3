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
import org.pharmacyvoice.domain.dispensary.port.in.RenewalRequestsUseCase;

/**
 * {@code /api/renewal-requests}: the requests to prescribers that staff still have to send, and marking one sent
 * with {@code PATCH {"open": false}}, the way an order or a refill is moved on. A request, once closed, stays closed.
 */
final class RenewalRequestsApi {

    static final int DEFAULT_LIMIT = 50;
    /** The dispensary's own cap on one look, as for patients. */
    static final int MAX_LIMIT = PatientsApi.MAX_LIMIT;
    private static final String CLOSE = "{\"open\":false}";

    private final RenewalRequestsUseCase renewals;

    RenewalRequestsApi(RenewalRequestsUseCase renewals) {
        this.renewals = Objects.requireNonNull(renewals, "'renewals' must not be null");
    }

    /** Adds the routes; other methods get a JSON 405, other paths below {@code /api/renewal-requests/} a JSON 404. */
    void addRoutes(HttpRouting.Builder http) {
        http.get("/api/renewal-requests", JsonReplies.guarded(this::list));
        http.patch("/api/renewal-requests/{id}", JsonReplies.guarded(this::close));
        http.any("/api/renewal-requests", JsonReplies.methodNotAllowed("GET"));
        http.any("/api/renewal-requests/{id}", JsonReplies.methodNotAllowed("PATCH"));
        http.any("/api/renewal-requests/*", JsonReplies.noSuchResource(StaffJson.DISPENSARY_RESOURCES));
    }

    private void list(ServerRequest request, ServerResponse response) {
        UriQuery query = request.query();
        RequestReading.onlyParameters(query, "open_only", "limit");
        boolean openOnly = RequestReading.booleanParameter(query, "open_only", true);
        int limit = RequestReading.intParameter(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonReplies.send(response, Status.OK_200,
                StaffJson.renewalRequests(renewals.renewalRequests(openOnly, limit), limit));
    }

    private void close(ServerRequest request, ServerResponse response) {
        long id = RequestReading.pathId(request, "id", "Renewal request");
        requireClose(RequestReading.jsonObjectBody(request));
        if (!renewals.closeRenewalRequest(id)) {
            throw RejectedRequest.notFound("No open renewal request with id " + id + ".");
        }
        JsonReplies.send(response, Status.OK_200,
                JsonReplies.JSON.createObjectBuilder().add("id", id).add("open", false).build());
    }

    /** The body must be exactly {@code {"open": false}}: closing is the one change a request can take. */
    private static void requireClose(JsonObject body) {
        for (String name : body.keySet()) {
            if (!name.equals("open")) {
                throw RejectedRequest.badRequest("unknown_field", "A renewal request can only be marked sent with "
                        + CLOSE + ", not changed in '" + name + "'.");
            }
        }
        JsonValue value = body.get("open");
        if (value == null) {
            throw RejectedRequest.badRequest("missing_field", "Mark the request sent with " + CLOSE + ".");
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE) {
            throw RejectedRequest.badRequest("invalid_field", "A renewal request can't be reopened; a closed one "
                    + "stays closed. Mark it sent with " + CLOSE + ".");
        }
        if (value.getValueType() != JsonValue.ValueType.FALSE) {
            throw RejectedRequest.badRequest("invalid_field", "open must be true or false, not "
                    + value.getValueType().name().toLowerCase(Locale.ROOT) + ".");
        }
    }
}
