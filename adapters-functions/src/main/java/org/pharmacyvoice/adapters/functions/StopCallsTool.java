package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * stop_calls: the person on a call the pharmacy placed wants no more of its calls, and the number it called goes on
 * the opt-out list at once. The answer names no number and nothing about a patient.
 */
final class StopCallsTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("stop_calls",
                    "The person asks the pharmacy to stop calling them (ready-for-pickup calls and refill "
                            + "reminders). Works only on a call the pharmacy placed, for the number it called; no "
                            + "verification needed. Confirm that they want no more calls, then call it once they "
                            + "said yes.")
            .deferredUntilEndOfTurn();

    private final CallErrandUseCase errands;

    StopCallsTool(CallErrandUseCase errands) {
        this.errands = errands;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return switch (errands.noMoreCalls(context.call().callSid())) {
            case NoMoreCalls.Listed listed -> ToolResult.success(
                    "outcome", "listed",
                    "next_step", "Confirm that this number will get no more calls from the pharmacy, starting now. "
                            + "Offer help with anything else, or to speak with the pharmacist.");
            case NoMoreCalls.NotAPlacedCall notPlaced -> ToolResult.success(
                    "outcome", "not_a_placed_call",
                    "next_step", "Calls can be stopped this way only on a call the pharmacy placed. Tell the caller "
                            + "the pharmacy staff can add their number to the list of numbers never called, and "
                            + "offer to put them through to the pharmacist.");
        };
    }
}
