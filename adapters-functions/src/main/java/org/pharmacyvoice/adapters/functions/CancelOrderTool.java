package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.counter.port.in.CancelOrderUseCase;
import org.pharmacyvoice.domain.pharmacy.Requester;
import org.pharmacyvoice.domain.pharmacy.StatusChange;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** cancel_order: the caller cancels one of their own orders, as the counter's rules allow by phone. */
final class CancelOrderTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("cancel_order",
                    "Cancel one of the verified caller's own orders by its order number (call verify_caller "
                            + "first). Only orders placed from a phone number on the patient's file, and only while "
                            + "they are still pending, can be cancelled by phone. Call it only after the caller has "
                            + "confirmed the order number and that they want to cancel.",
                    ToolParameter.integer("order_id", "The number of the order to cancel, as a whole number."))
            .deferredUntilEndOfTurn()
            .aboutPatients("order_id", "status");

    private final CancelOrderUseCase orders;

    CancelOrderTool(CancelOrderUseCase orders) {
        this.orders = orders;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        long orderId = arguments.integer("order_id");
        return switch (orders.cancelOrder(orderId, Requester.onPhone(context.caller()))) {
            case StatusChange.Changed cancelled -> ToolAnswers.order(cancelled.order());
            case StatusChange.AlreadyThere cancelled -> ToolAnswers.order(cancelled.order());
            case StatusChange.NoSuchOrder missing -> ToolAnswers.noSuchOrderOfThisPatient(missing.orderId());
            case StatusChange.NotVerified notVerified -> DispensaryAnswers.notVerified(notVerified.lockedOut());
            case StatusChange.NotAllowed tooLate -> ToolResult.failure("Order " + orderId + " is already "
                            + tooLate.order().status().spoken() + " and can no longer be cancelled by phone.",
                    "Offer to have a pharmacist call the caller back about it.");
        };
    }
}
