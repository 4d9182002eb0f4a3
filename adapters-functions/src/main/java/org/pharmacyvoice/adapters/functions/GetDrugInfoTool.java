package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.counter.port.in.FindDrugUseCase;
import org.pharmacyvoice.domain.pharmacy.DrugMatch;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** get_drug_info: what the pharmacy knows and has of one drug, so the agent never quotes from memory. */
final class GetDrugInfoTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("get_drug_info",
            "Look up one drug in this pharmacy's formulary by its generic or brand name. Returns the generic name, "
                    + "brand names, strength, form, pack size, price per pack in US dollars, whether it is in stock "
                    + "and how many packs, whether a prescription is required, common uses and key warnings. "
                    + "Use it before stating any price, availability or drug fact. If the name is not found, the "
                    + "answer lists similar names: confirm with the caller before looking up one of them.",
            ToolParameter.text("drug_name",
                            "The drug's generic or brand name as the caller said it, without strength or form, "
                                    + "e.g. 'ibuprofen' or 'Advil'. One drug per call.")
                    .maxLength(100));

    private final FindDrugUseCase drugs;

    GetDrugInfoTool(FindDrugUseCase drugs) {
        this.drugs = drugs;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return switch (drugs.findDrug(arguments.text("drug_name"))) {
            case DrugMatch.Found found -> ToolAnswers.drugInfo(found.drug());
            case DrugMatch.Unknown unknown -> ToolAnswers.unknownDrug(unknown);
        };
    }
}
