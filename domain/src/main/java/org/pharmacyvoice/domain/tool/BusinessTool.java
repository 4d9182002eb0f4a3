package org.pharmacyvoice.domain.tool;


/**
 * Outbound port: one thing the agent can do for a caller (look up a drug, place an order, ...).
 *
 * <p>A new tool is one class implementing this, registered in the composition root; its spec reaches the agent
 * automatically. {@link #execute} only sees arguments that already match {@link #spec()}, and may throw: the
 * caller then hears that the tool failed, and the call goes on.
 */
public interface BusinessTool {

    ToolSpec spec();

    ToolResult execute(ToolArguments arguments, ToolContext context);
}
