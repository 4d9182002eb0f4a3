package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.counter.port.in.PlaceOrderUseCase;
import org.pharmacyvoice.domain.counter.port.in.PlaceOrderUseCase.PlaceOrder;
import org.pharmacyvoice.domain.pharmacy.OrderPlacement;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** place_order: the agent's arguments, with the call and the request's id, become one order at the counter. */
final class PlaceOrderTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("place_order",
                    "Place a pickup order for one over-the-counter drug from this pharmacy's formulary and reserve "
                            + "the stock. Call it only after the caller has confirmed their name, the drug and the "
                            + "quantity. Orders start as 'pending'. Prescription-only drugs can't be ordered: they are "
                            + "refilled from the caller's own prescription with request_refill. Tell the caller the "
                            + "order number and the total price from the answer.",
                    ToolParameter.text("customer_name", "The caller's full name for the pickup, as they gave it.")
                            .maxLength(100),
                    ToolParameter.text("drug_name",
                                    "The drug's generic or brand name, exactly as confirmed with the caller, "
                                            + "without strength or form.")
                            .maxLength(100),
                    ToolParameter.integer("quantity", "Number of packs; 1 if the caller did not say.")
                            .between(1, 100)
                            .optional())
            .deferredUntilEndOfTurn()
            .aboutPatients("order_id", "status");

    private final PlaceOrderUseCase orders;

    PlaceOrderTool(PlaceOrderUseCase orders) {
        this.orders = orders;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        var command = new PlaceOrder(context.call(), context.toolCallId(), arguments.text("customer_name"),
                arguments.text("drug_name"), Math.toIntExact(arguments.optionalInteger("quantity").orElse(1L)));
        return switch (orders.placeOrder(command)) {
            case OrderPlacement.Placed placed -> ToolAnswers.order(placed.order());
            case OrderPlacement.UnknownDrug unknown -> ToolAnswers.unknownDrug(unknown.match());
            case OrderPlacement.PrescriptionOnly prescription -> ToolAnswers.prescriptionOnly(prescription.drug());
            case OrderPlacement.NotEnoughStock shortage -> ToolAnswers.notEnoughStock(shortage);
        };
    }
}
