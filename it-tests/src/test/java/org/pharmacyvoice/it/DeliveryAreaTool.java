package org.pharmacyvoice.it;

import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** delivery_area: whether the pharmacy delivers to a part of town, so the agent never guesses; the README's example. */
public final class DeliveryAreaTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("delivery_area",
            "Tell the caller whether the pharmacy delivers to their part of town, on which days and for what fee.",
            ToolParameter.text("area", "The caller's part of town, in lower case.")
                    .oneOf("downtown", "riverside", "hillcrest", "elsewhere"));

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        String area = arguments.text("area");
        return switch (area) {
            case "downtown" -> ToolResult.success("area", area, "delivers", true, "days", "Monday to Saturday",
                    "fee", "0.00");
            case "riverside", "hillcrest" -> ToolResult.success("area", area, "delivers", true,
                    "days", "Tuesday and Friday", "fee", "4.99");
            default -> ToolResult.success("area", area, "delivers", false);
        };
    }
}
