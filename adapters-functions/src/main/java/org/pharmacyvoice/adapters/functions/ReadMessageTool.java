package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * read_message: on a call the pharmacy placed, the message it called about, given only once the person proved to be
 * the patient. The message names what is ready or running out, so the call record keeps its outcome only.
 */
final class ReadMessageTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("read_message",
                    "On a call the pharmacy placed to a patient: get the message the pharmacy is calling about. "
                            + "Ask for the patient's date of birth and call verify_caller first; never guess or hint "
                            + "at the message before this tool gives it. The answer's outcome says whether there is a "
                            + "message to say, and next_step what to do.")
            .aboutPatients("outcome", "attempts_left");

    private final CallErrandUseCase errands;

    ReadMessageTool(CallErrandUseCase errands) {
        this.errands = errands;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return switch (errands.message(context.call().callSid(), context.caller())) {
            case ErrandMessage.Message message -> ToolResult.success(
                    "outcome", "message",
                    "kind", message.kind().code(),
                    "message", message.text(),
                    "next_step", "Say this message to the patient in plain words. Then ask whether they would like "
                            + "a refill requested, to speak with the pharmacist, or no more of these calls "
                            + "(stop_calls).");
            case ErrandMessage.NotVerified notVerified when notVerified.attemptsLeft() == 0 -> ToolResult.success(
                    "outcome", "locked",
                    "attempts_left", 0L,
                    "next_step", "Verification is locked for the rest of this call: don't give the message, don't "
                            + "ask again, and don't say what it is about. Offer to put them through to the "
                            + "pharmacist, or ask them to call the pharmacy back.");
            case ErrandMessage.NotVerified notVerified -> ToolResult.success(
                    "outcome", "not_verified",
                    "attempts_left", (long) notVerified.attemptsLeft(),
                    "next_step", "The message is only for the patient the pharmacy called. Ask for their date of "
                            + "birth, call verify_caller with it, then read_message again. Say nothing about what "
                            + "the message is about until then.");
            case ErrandMessage.NoErrand none -> ToolResult.success(
                    "outcome", "no_message",
                    "next_step", "There is no message from the pharmacy on this call; don't make one up. Ask how "
                            + "you can help.");
        };
    }
}
