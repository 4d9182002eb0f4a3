package org.pharmacyvoice.domain.call;

import java.util.List;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * The two tools with which the agent ends its part of a call, offered on every call after the pharmacy's own:
 * {@code transfer_to_pharmacist} and {@code end_call}. Both take effect once the agent's next reply has played, so
 * the caller hears the agent's last words.
 */
final class CallControlTools {

    static final String TRANSFER = "transfer_to_pharmacist";
    static final String END_CALL = "end_call";
    /** The reason is the model's words: kept short for the pharmacist's whisper. */
    static final int MAX_REASON = 200;

    private CallControlTools() {
    }

    static List<BusinessTool> all() {
        return List.of(new Transfer(), new EndCall());
    }

    /** Hands the caller to a pharmacist, who first hears a summary of the call. */
    private static final class Transfer implements BusinessTool {

        private static final ToolSpec SPEC = ToolSpec.of(TRANSFER,
                "Hand the caller to a pharmacist: when they ask for a person or a pharmacist, for anything you can't "
                        + "help with (advice about doses, interactions, side effects), and after a failed "
                        + "verification. First tell the caller in one short sentence that you are connecting them; "
                        + "the transfer happens after that sentence. Outside opening hours they are offered a "
                        + "voicemail instead.",
                ToolParameter.text("reason", "In a few words, why the caller wants a pharmacist.")
                        .maxLength(MAX_REASON).optional())
                .deferredUntilEndOfTurn()
                // The reason may name a drug or a patient: the call record keeps that a transfer was asked for.
                .aboutPatients("outcome");

        @Override
        public ToolSpec spec() {
            return SPEC;
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            String reason = arguments.optionalText("reason").orElse("").strip();
            if (!context.control().transferAfterReply(reason)) {
                return ToolResult.failure("The call is already ending.", "Say goodbye.");
            }
            return ToolResult.success("outcome", "transferring",
                    "next_step", "Tell the caller in one short sentence that you are connecting them to a "
                            + "pharmacist now. Say nothing after that.");
        }
    }

    /** Ends the call after the agent's goodbye. */
    private static final class EndCall implements BusinessTool {

        private static final ToolSpec SPEC = ToolSpec.of(END_CALL,
                "End the call when the caller has nothing more to ask and has said goodbye, or asks you to hang up. "
                        + "Say a short goodbye first; the call ends once it has played.")
                .deferredUntilEndOfTurn();

        @Override
        public ToolSpec spec() {
            return SPEC;
        }

        @Override
        public ToolResult execute(ToolArguments arguments, ToolContext context) {
            if (!context.control().hangUpAfterReply()) {
                return ToolResult.failure("The call is already ending.", "Say goodbye.");
            }
            return ToolResult.success("outcome", "ending",
                    "next_step", "Say a short, friendly goodbye. Say nothing after that.");
        }
    }
}
