package org.pharmacyvoice.adapters.functions;

import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.model.ToolArguments;
import org.pharmacyvoice.domain.model.ToolContext;
import org.pharmacyvoice.domain.model.ToolParameter;
import org.pharmacyvoice.domain.model.ToolResult;
import org.pharmacyvoice.domain.model.ToolSpec;
import org.pharmacyvoice.domain.port.out.BusinessTool;

/** lookup_order: the state of one order, found by the number the caller was given. */
final class LookupOrderTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("lookup_order",
            "Look up an existing order by its order number: customer name, drug, quantity, status (pending, ready, "
                    + "picked_up or cancelled), when it was placed and the total price.",
            ToolParameter.integer("order_id", "The order number the caller was given, as a whole number."));

    private final Jdbi jdbi;

    LookupOrderTool(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        long orderId = arguments.integer("order_id");
        return jdbi.withHandle(handle -> new OrderBook(handle).find(orderId))
                .<ToolResult>map(ToolAnswers::order)
                .orElseGet(() -> ToolAnswers.noSuchOrder(orderId));
    }
}
