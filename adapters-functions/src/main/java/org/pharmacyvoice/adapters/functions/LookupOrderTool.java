package org.pharmacyvoice.adapters.functions;

import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * lookup_order: the state of one of the caller's own orders, found by the number the caller was given. Order numbers
 * are sequential and easy to guess, so only the line that placed an order hears anything about it.
 */
final class LookupOrderTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("lookup_order",
            "Look up one of the caller's own orders by its order number: customer name, drug, quantity, status "
                    + "(pending, ready, picked_up or cancelled), when it was placed and the total price. Only orders "
                    + "placed from the phone number the caller is calling from can be looked up by phone.",
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
        CallerId caller = CallerId.of(context.call());
        if (!caller.isKnown()) {
            return ToolAnswers.noCallerId();
        }
        return caller.own(jdbi.withHandle(handle -> new OrderBook(handle).find(orderId)))
                .<ToolResult>map(ToolAnswers::order)
                .orElseGet(() -> ToolAnswers.noSuchOrderFromThisLine(orderId));
    }
}
