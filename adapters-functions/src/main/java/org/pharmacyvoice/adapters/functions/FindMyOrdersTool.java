package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.counter.port.in.ListOrdersUseCase;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** find_my_orders: the verified caller's recent orders, found by the numbers on their file, not by anything said. */
final class FindMyOrdersTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("find_my_orders",
            "List the verified caller's most recent orders (up to " + ListOrdersUseCase.RECENT_ORDERS
                    + ", newest first), placed from the phone numbers on the patient's file. Call verify_caller "
                    + "first. Use it when the caller asks about their orders but does not know the order number.")
            .aboutPatients("count");

    private final ListOrdersUseCase orders;

    FindMyOrdersTool(ListOrdersUseCase orders) {
        this.orders = orders;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return ToolAnswers.sight(orders.recentOrdersOf(context.caller()));
    }
}
