package org.pharmacyvoice.app.staff;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;

/**
 * The JSON the staff API speaks: drugs and orders with snake_case fields (as the agent's tools use), prices as
 * exact decimal numbers, times as ISO-8601 UTC, and errors as {@code {"error", "detail"}}.
 */
final class CounterJson {

    /** Looked up once: {@code Json.createXxx} would search the service loader on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private CounterJson() {
    }

    static JsonObject drugs(List<Drug> drugs) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        drugs.forEach(drug -> array.add(drug(drug)));
        return JSON.createObjectBuilder().add("drugs", array).add("count", drugs.size()).build();
    }

    static JsonObject drug(Drug drug) {
        JsonArrayBuilder brands = JSON.createArrayBuilder();
        drug.brandNames().forEach(brands::add);
        return JSON.createObjectBuilder()
                .add("id", drug.id())
                .add("generic_name", drug.genericName())
                .add("brand_names", brands)
                .add("strength", drug.strength())
                .add("form", drug.form())
                .add("pack_size", drug.packSize())
                .add("price", drug.price())
                .add("stock_on_hand", drug.stockOnHand())
                .add("prescription_required", drug.prescriptionRequired())
                .add("common_uses", drug.commonUses())
                .add("key_warnings", drug.keyWarnings())
                .build();
    }

    static JsonObject orders(List<Order> orders, int limit) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        orders.forEach(order -> array.add(order(order)));
        return JSON.createObjectBuilder().add("orders", array).add("count", orders.size()).add("limit", limit).build();
    }

    static JsonObject order(Order order) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", order.id())
                .add("customer_name", order.customerName());
        order.callerPhone().ifPresentOrElse(phone -> json.add("caller_phone", phone),
                () -> json.addNull("caller_phone"));
        return json.add("drug_id", order.drugId())
                .add("drug", order.drugName())
                .add("quantity", order.quantity())
                .add("unit_price", order.unitPrice())
                .add("total_price", order.totalPrice())
                .add("status", order.status().code())
                .add("note", order.note())
                .add("created_at", order.createdAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .add("updated_at", order.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    static JsonObject error(String error, String detail) {
        return JSON.createObjectBuilder().add("error", error).add("detail", detail).build();
    }

    static void send(ServerResponse response, Status status, JsonObject body) {
        response.status(status);
        response.headers().contentType(MediaTypes.APPLICATION_JSON);
        response.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
