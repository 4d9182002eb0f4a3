package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.dispensary.port.in.CheckRefillUseCase;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** refill_status: what happened to the refill of one of the verified caller's prescriptions. */
final class RefillStatusTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("refill_status",
                    "Tell the verified caller what happened to the refill of one of their prescriptions: whether "
                            + "it is pending, ready or picked up, when it will be ready, the refills left, and "
                            + "whether the prescriber was asked for a new prescription. Call verify_caller first.",
                    ToolParameter.text("rx_number", "The Rx number, digits only.").maxLength(20))
            .aboutPatients("outcome");

    private final CheckRefillUseCase desk;
    private final DispensaryAnswers answers;

    RefillStatusTool(CheckRefillUseCase desk, DispensaryAnswers answers) {
        this.desk = desk;
        this.answers = answers;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return answers.refillStatus(desk.refillStatus(arguments.text("rx_number"), context.caller()));
    }
}
