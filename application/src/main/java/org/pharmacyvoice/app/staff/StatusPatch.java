package org.pharmacyvoice.app.staff;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/** The body of {@code PATCH /api/orders/{id}}: {@code {"status": "ready"}}, and nothing else. */
record StatusPatch(OrderStatus status) {

    static StatusPatch from(JsonObject body) {
        for (String name : body.keySet()) {
            if (!name.equals("status")) {
                throw RejectedRequest.badRequest("unknown_field", "Only the status of an order can be changed, not '"
                        + name + "'.");
            }
        }
        JsonValue value = body.get("status");
        if (value == null) {
            throw RejectedRequest.badRequest("missing_field", "Say which status the order moves to, e.g. "
                    + "{\"status\":\"ready\"}.");
        }
        if (!(value instanceof JsonString text)) {
            throw RejectedRequest.badRequest("invalid_field", "status must be a string, not "
                    + value.getValueType().name().toLowerCase(Locale.ROOT) + ".");
        }
        return new StatusPatch(OrderStatus.fromCode(text.getString()).orElseThrow(
                () -> RejectedRequest.badRequest("invalid_status", "Unknown status '" + text.getString()
                        + "'; an order is one of " + String.join(", ", OrderStatus.codes()) + ".")));
    }
}
