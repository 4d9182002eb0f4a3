package org.pharmacyvoice.adapters.functions;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugMatch;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderPlacement;
import org.pharmacyvoice.domain.pharmacy.OrderSight;
import org.pharmacyvoice.domain.tool.ToolResult;

/** Turns drugs and orders into the JSON-like answers the agent reads, the same way for every tool. */
final class ToolAnswers {

    private ToolAnswers() {
    }

    static ToolResult.Success drugInfo(Drug drug) {
        return ToolResult.success(
                "drug", drug.genericName(),
                "brand_names", drug.brandNames(),
                "strength", drug.strength(),
                "form", drug.form(),
                "pack_size", drug.packSize(),
                "price", drug.price(),
                "in_stock", drug.inStock(),
                "stock_count", (long) drug.stockOnHand(),
                "prescription_required", drug.prescriptionRequired(),
                "uses", drug.commonUses(),
                "warnings", drug.keyWarnings());
    }

    static ToolResult.Success order(Order order) {
        return new ToolResult.Success(orderFacts(order));
    }

    static Map<String, Object> orderFacts(Order order) {
        var facts = new LinkedHashMap<String, Object>();
        facts.put("order_id", order.id());
        facts.put("customer_name", order.customerName());
        facts.put("drug", order.drugName());
        facts.put("quantity", (long) order.quantity());
        facts.put("unit_price", order.unitPrice());
        facts.put("total_price", order.totalPrice());
        facts.put("status", order.status().code());
        facts.put("note", order.note());
        facts.put("created_at", order.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        return facts;
    }

    /** What the caller may hear of the orders asked about. */
    static ToolResult sight(OrderSight sight) {
        return switch (sight) {
            case OrderSight.Found found -> order(found.order());
            case OrderSight.Listed listed -> {
                List<Map<String, Object>> orders = listed.orders().stream().map(ToolAnswers::orderFacts).toList();
                yield ToolResult.success("orders", orders, "count", (long) orders.size());
            }
            case OrderSight.NotFound missing -> noSuchOrderOfThisPatient(missing.orderId());
            case OrderSight.NotVerified notVerified -> DispensaryAnswers.notVerified(notVerified.lockedOut());
        };
    }

    static ToolResult.Failure notEnoughStock(OrderPlacement.NotEnoughStock shortage) {
        Drug drug = shortage.drug();
        int onShelf = shortage.onShelf();
        if (onShelf == 0) {
            return ToolResult.failure(capitalized(drug.genericName()) + " is out of stock, so no order was placed.",
                    "Tell the caller it is out of stock; offer to help with something else or to have a pharmacist "
                            + "call back about alternatives.");
        }
        return ToolResult.failure("Only " + onShelf + " " + (onShelf == 1 ? "pack" : "packs") + " of "
                        + drug.genericName() + " in stock, not " + shortage.wanted() + ", so no order was placed.",
                "Ask the caller whether they want " + onShelf + " instead.");
    }

    static ToolResult.Failure unknownDrug(DrugMatch.Unknown unknown) {
        String error = "No drug named '" + unknown.heardName() + "' in our formulary.";
        if (unknown.suggestions().isEmpty()) {
            return ToolResult.failure(error, "Ask the caller to say or spell the drug name again. "
                    + "It may also be a drug this pharmacy does not stock.");
        }
        return ToolResult.failure(error + " Similar names: " + String.join(", ", unknown.suggestions()) + ".",
                "Ask the caller: did you mean " + spokenList(unknown.suggestions())
                        + "? Go on only after they confirm, using the confirmed name.");
    }

    /**
     * The same answer for an order that doesn't exist and for another patient's, so that trying numbers tells a
     * caller nothing about other people's orders.
     */
    static ToolResult.Failure noSuchOrderOfThisPatient(long orderId) {
        return ToolResult.failure("No order number " + orderId + " is on file for this patient.",
                "Ask the caller to repeat the order number. Orders are found by the phone numbers on the patient's "
                        + "file; otherwise the pharmacy counter can help in person.");
    }

    /** A prescription drug asked for as an order: it is refilled from the caller's own prescription instead. */
    static ToolResult.Failure prescriptionOnly(Drug drug) {
        return ToolResult.failure(capitalized(drug.genericName()) + " needs a prescription, so it can't be ordered by "
                        + "phone; nothing was ordered.",
                "Offer to refill it from the caller's own prescription: verify the caller, then ask for the Rx "
                        + "number on the label and use request_refill.");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "a", "a or b", "a, b or c". */
    private static String spokenList(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
