package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase.RequestRefill;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** request_refill: an Rx number, for the verified caller on this call, becomes one request at the refill desk. */
final class RequestRefillTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("request_refill",
                    "Request a refill of one of the verified caller's prescriptions by its Rx number (printed on the "
                            + "label). Call verify_caller first. Read the number back and call it once the caller "
                            + "has confirmed it; call it once per prescription when they want several. The answer's "
                            + "outcome says what happened and next_step what to tell the caller.",
                    ToolParameter.text("rx_number", "The Rx number, digits only, as confirmed with the caller.")
                            .maxLength(20))
            .deferredUntilEndOfTurn()
            .aboutPatients("outcome", "refill_id", "refill_status");

    private final RequestRefillUseCase desk;
    private final DispensaryAnswers answers;

    RequestRefillTool(RequestRefillUseCase desk, DispensaryAnswers answers) {
        this.desk = desk;
        this.answers = answers;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return answers.refill(desk.requestRefill(new RequestRefill(arguments.text("rx_number"), context.caller(),
                context.toolCallId(), context.call().callSid())));
    }
}
