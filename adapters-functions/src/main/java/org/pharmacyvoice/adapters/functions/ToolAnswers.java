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
            case OrderSight.NotFound missing -> noSuchOrderFromThisLine(missing.orderId());
            case OrderSight.NoCallerId withheld -> noCallerId();
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
     * The same answer for an order that doesn't exist and for one placed from another line, so that trying numbers
     * tells a caller nothing about other people's orders.
     */
    static ToolResult.Failure noSuchOrderFromThisLine(long orderId) {
        return ToolResult.failure("No order number " + orderId + " was placed from this phone number.",
                "Ask the caller to repeat the order number. Orders can only be discussed by phone from the number "
                        + "they were placed from; otherwise the pharmacy counter can help in person.");
    }

    /** For callers whose number is withheld or who call from the browser: no line to match orders against. */
    static ToolResult.Failure noCallerId() {
        return ToolResult.failure("This call has no caller ID, so no order can be found or discussed by phone.",
                "Explain that orders can only be discussed by phone from the number they were placed from, with "
                        + "caller ID on; otherwise the pharmacy counter can help in person.");
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
