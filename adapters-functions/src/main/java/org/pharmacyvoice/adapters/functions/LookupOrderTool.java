package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.counter.port.in.LookUpOrderUseCase;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** lookup_order: one of the verified caller's own orders, by the number the caller was given. */
final class LookupOrderTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("lookup_order",
            "Look up one of the verified caller's own orders by its order number (call verify_caller first): "
                    + "customer name, drug, quantity, status (pending, ready, picked_up or cancelled), when it was "
                    + "placed and the total price. Only orders placed from a phone number on the patient's file can "
                    + "be looked up by phone.",
            ToolParameter.integer("order_id", "The order number the caller was given, as a whole number."))
            .aboutPatients("order_id", "status");

    private final LookUpOrderUseCase orders;

    LookupOrderTool(LookUpOrderUseCase orders) {
        this.orders = orders;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return ToolAnswers.sight(orders.lookUpOrder(arguments.integer("order_id"),
                Requester.onPhone(context.caller())));
    }
}
