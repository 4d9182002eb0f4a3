package org.pharmacyvoice.app.staff;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.pharmacyvoice.app.http.JsonReplies;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;

/**
 * Drugs and orders as the staff API shows them: snake_case fields (as the agent's tools use), prices as exact
 * decimal numbers, times as ISO-8601 UTC.
 */
final class StaffJson {

    /** What the drugs and orders APIs serve, for the 404 of a path below them that names nothing. */
    static final String RESOURCES = "/api/drugs, /api/drugs/{id}, /api/orders and /api/orders/{id}";

    private StaffJson() {
    }

    static JsonObject drugs(List<Drug> drugs) {
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        drugs.forEach(drug -> array.add(drug(drug)));
        return JsonReplies.JSON.createObjectBuilder().add("drugs", array).add("count", drugs.size()).build();
    }

    static JsonObject drug(Drug drug) {
        JsonArrayBuilder brands = JsonReplies.JSON.createArrayBuilder();
        drug.brandNames().forEach(brands::add);
        return JsonReplies.JSON.createObjectBuilder()
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
        JsonArrayBuilder array = JsonReplies.JSON.createArrayBuilder();
        orders.forEach(order -> array.add(order(order)));
        return JsonReplies.JSON.createObjectBuilder().add("orders", array).add("count", orders.size()).add("limit", limit).build();
    }

    static JsonObject order(Order order) {
        JsonObjectBuilder json = JsonReplies.JSON.createObjectBuilder()
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
}
