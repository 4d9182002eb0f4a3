package org.pharmacyvoice.domain.tool;

import java.util.Objects;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * What a tool knows about the request besides its arguments: the call it serves (so the caller's number comes
 * from the phone network, not the model), the agent's id for this tool call (so a repeated call is recognised),
 * who the caller has proved to be on this call (one per call, kept across agent reconnects), and how it may end the
 * call ({@link CallControl}).
 */
public record ToolContext(CallContext call, String toolCallId, CallerIdentity caller, CallControl control) {

    public ToolContext {
        Objects.requireNonNull(call, "'call' must not be null");
        Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
        Objects.requireNonNull(caller, "'caller' must not be null");
        Objects.requireNonNull(control, "'control' must not be null");
    }

    /** A context whose tool can't end the call. */
    public ToolContext(CallContext call, String toolCallId, CallerIdentity caller) {
        this(call, toolCallId, caller, CallControl.NONE);
    }

    /** A context for a caller who has proved nothing yet. */
    public ToolContext(CallContext call, String toolCallId) {
        this(call, toolCallId, new CallerIdentity(call.callSid()));
    }
}
