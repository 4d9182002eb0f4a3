package org.pharmacyvoice.domain.tool;

import java.util.Objects;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * What a tool knows about the request besides its arguments: the call it serves (so the caller's number comes
 * from the phone network, not the model) and the agent's id for this tool call (so a repeated call is recognised).
 */
public record ToolContext(CallContext call, String toolCallId) {

    public ToolContext {
        Objects.requireNonNull(call, "'call' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
    }
}
