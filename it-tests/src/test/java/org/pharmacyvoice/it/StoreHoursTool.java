package org.pharmacyvoice.it;

import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** store_hours: when the pharmacy is open, so the agent never guesses; the README's "Add your own tool" example. */
public final class StoreHoursTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("store_hours",
            "Tell the caller when the pharmacy is open on a given day of the week.",
            ToolParameter.text("day", "The day the caller asks about, in lower case.")
                    .oneOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"));

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        String day = arguments.text("day");
        return switch (day) {
            case "sunday" -> ToolResult.success("day", day, "open", false);
            case "saturday" -> ToolResult.success("day", day, "open", true, "opens", "09:00", "closes", "13:00");
            default -> ToolResult.success("day", day, "open", true, "opens", "08:30", "closes", "18:30");
        };
    }
}
