package org.pharmacyvoice.app.staff;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.pharmacyvoice.app.http.RejectedRequest;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/**
 * The body of {@code PATCH /api/orders/{id}} and {@code PATCH /api/refills/{id}}: {@code {"status": "ready"}}, and
 * nothing else. One reader for both, so that orders and refills answer a bad body in the same words.
 *
 * <p>Read from JSON-P rather than bound with JSON-B: Yasson would take {@code {"status":1}} for the status "1", can't
 * tell {@code {"status":null}} from {@code {}}, and names an unknown field only inside its own English sentence
 * (YassonBindingTest), so each answer below would need its own deserializer.
 */
record StatusPatch<S>(S status) {

    static StatusPatch<OrderStatus> ofOrder(JsonObject body) {
        return from(body, "order", OrderStatus::fromCode, OrderStatus.codes());
    }

    static StatusPatch<RefillStatus> ofRefill(JsonObject body) {
        return from(body, "refill", RefillStatus::fromCode, RefillStatus.codes());
    }

    /** {@code thing} is what moves ("order"), for the error sentences; {@code codes} are its statuses. */
    private static <S> StatusPatch<S> from(JsonObject body, String thing, Function<String, Optional<S>> fromCode,
                                           List<String> codes) {
        String article = "aeiou".indexOf(thing.charAt(0)) >= 0 ? "an " : "a ";
        for (String name : body.keySet()) {
            if (!name.equals("status")) {
                throw RejectedRequest.badRequest("unknown_field", "Only the status of " + article + thing
                        + " can be changed, not '" + name + "'.");
            }
        }
        JsonValue value = body.get("status");
        if (value == null) {
            throw RejectedRequest.badRequest("missing_field", "Say which status the " + thing + " moves to, e.g. "
                    + "{\"status\":\"ready\"}.");
        }
        if (!(value instanceof JsonString text)) {
            throw RejectedRequest.badRequest("invalid_field", "status must be a string, not "
                    + value.getValueType().name().toLowerCase(Locale.ROOT) + ".");
        }
        return new StatusPatch<>(fromCode.apply(text.getString()).orElseThrow(
                () -> RejectedRequest.badRequest("invalid_status", "Unknown status '" + text.getString()
                        + "'; " + article + thing + " is one of " + String.join(", ", codes) + ".")));
    }
}
