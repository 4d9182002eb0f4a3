package org.pharmacyvoice.adapters.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.domain.dispensary.port.in.ListPrescriptionsUseCase;
import org.pharmacyvoice.domain.prescription.PrescriptionList;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** list_prescriptions: the verified caller's prescriptions, for a caller who has no label at hand. */
final class ListPrescriptionsTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("list_prescriptions",
                    "List the verified caller's prescriptions with their Rx numbers and refills left, for a caller "
                            + "who does not have the label at hand. Call verify_caller first.")
            .aboutPatients("outcome", "count");

    private final ListPrescriptionsUseCase desk;

    ListPrescriptionsTool(ListPrescriptionsUseCase desk) {
        this.desk = desk;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return switch (desk.prescriptionsOf(context.caller())) {
            case PrescriptionList.Listed listed -> {
                List<Map<String, Object>> prescriptions = new ArrayList<>();
                for (int i = 0; i < listed.prescriptions().size(); i++) {
                    var facts = DispensaryAnswers.prescriptionFacts(listed.prescriptions().get(i));
                    facts.put("refills_left", (long) listed.refillsLeft().get(i));
                    facts.put("status", listed.prescriptions().get(i).status().code());
                    prescriptions.add(facts);
                }
                yield ToolResult.success("outcome", "listed", "prescriptions", prescriptions,
                        "count", (long) prescriptions.size());
            }
            case PrescriptionList.NotVerified notVerified -> DispensaryAnswers.notVerified(notVerified.lockedOut());
        };
    }
}
