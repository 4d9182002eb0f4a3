package org.pharmacyvoice.adapters.functions;

import java.lang.System.Logger.Level;
import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * cancel_order: cancels one of the caller's own pending orders and puts its packs back on the shelf, in one
 * transaction; cancelling an already cancelled order just confirms it.
 */
final class CancelOrderTool implements BusinessTool {

    private static final System.Logger LOG = System.getLogger(CancelOrderTool.class.getName());

    private static final ToolSpec SPEC = ToolSpec.of("cancel_order",
                    "Cancel one of the caller's own orders by its order number. Only orders placed from the phone "
                            + "number the caller is calling from, and only while they are still pending, can be "
                            + "cancelled by phone. Call it only after the caller has confirmed the order number and "
                            + "that they want to cancel.",
                    ToolParameter.integer("order_id", "The number of the order to cancel, as a whole number."))
            .deferredUntilEndOfTurn();

    private final Jdbi jdbi;
    private final Clock clock;

    CancelOrderTool(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
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
        return jdbi.inTransaction(handle -> caller.own(new OrderBook(handle).find(orderId))
                .map(own -> cancel(handle, own, context))
                .orElseGet(() -> ToolAnswers.noSuchOrderFromThisLine(orderId)));
    }

    private ToolResult cancel(Handle handle, Order order, ToolContext context) {
        var orders = new OrderBook(handle);
        if (orders.changeStatus(order.id(), OrderStatus.PENDING, OrderStatus.CANCELLED, clock.instant())) {
            new FormularyTables(handle).restock(order.drugId(), order.quantity());
            LOG.log(Level.INFO, "[{0}] order {1} cancelled, {2} x {3} back on the shelf", context.call().callSid(),
                    order.id(), order.quantity(), order.drugName());
            return ToolAnswers.order(orders.find(order.id()).orElseThrow());
        }
        // Not pending (any more): read what it is now; it may have been cancelled or filled a moment ago.
        Order now = orders.find(order.id()).orElseThrow();
        if (now.status() == OrderStatus.CANCELLED) {
            return ToolAnswers.order(now);
        }
        return ToolResult.failure("Order " + now.id() + " is already " + now.status().spoken()
                        + " and can no longer be cancelled by phone.",
                "Offer to have a pharmacist call the caller back about it.");
    }
}
