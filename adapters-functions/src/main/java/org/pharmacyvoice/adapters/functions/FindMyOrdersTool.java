package org.pharmacyvoice.adapters.functions;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** find_my_orders: the caller's recent orders, found by the number they are calling from, not by anything said. */
final class FindMyOrdersTool implements BusinessTool {

    static final int RECENT_ORDERS = 5;

    private static final ToolSpec SPEC = ToolSpec.of("find_my_orders",
            "List the caller's most recent orders (up to " + RECENT_ORDERS + ", newest first), found by the phone "
                    + "number they are calling from. Use it when the caller asks about their orders but does not "
                    + "know the order number.");

    private final Jdbi jdbi;

    FindMyOrdersTool(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        CallerId caller = CallerId.of(context.call());
        if (!caller.isKnown()) {
            return ToolAnswers.noCallerId();
        }
        List<Map<String, Object>> orders = jdbi.withHandle(
                        handle -> new OrderBook(handle).recentFrom(caller.number().get(), RECENT_ORDERS))
                .stream()
                .map(ToolAnswers::orderFacts)
                .toList();
        return ToolResult.success("orders", orders, "count", (long) orders.size());
    }
}
