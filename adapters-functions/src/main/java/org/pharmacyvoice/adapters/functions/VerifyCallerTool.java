package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.pharmacyvoice.domain.dispensary.port.in.VerifyCallerUseCase;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * verify_caller: the date of birth the caller gave, with their name when they gave it, becomes one attempt at the
 * identity desk.
 */
final class VerifyCallerTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("verify_caller",
                    "Check who the caller is before anything about a patient: prescriptions, refills, orders, or the "
                            + "message of a call the pharmacy placed. When the caller rang the pharmacy, ask for the "
                            + "patient's full name and date of birth and call it once the caller has said both. On a "
                            + "call the pharmacy placed to a patient, the date of birth is enough: ask for it alone. "
                            + "If the answer asks for more, add what it asks for: the name, or the Rx number from a "
                            + "label or the phone number on file. Three failed attempts lock verification for the "
                            + "rest of the call.",
                    ToolParameter.text("full_name", "The patient's first and last name as the caller said them. "
                            + "Needed when the caller rang the pharmacy; on a call the pharmacy placed, only if the "
                            + "person gave it.").maxLength(100).optional(),
                    ToolParameter.text("date_of_birth", "The date of birth as YYYY-MM-DD, e.g. 1961-03-03.")
                            .maxLength(10),
                    ToolParameter.text("rx_number", "An Rx number from one of the patient's labels, digits only, "
                            + "when the answer asked for it.").maxLength(20).optional(),
                    ToolParameter.text("phone_on_file", "The phone number the patient has on file, when the answer "
                            + "asked for it.").maxLength(30).optional())
            .aboutPatients("outcome", "attempts_left");

    private final VerifyCallerUseCase desk;
    private final DispensaryAnswers answers;

    VerifyCallerTool(VerifyCallerUseCase desk, DispensaryAnswers answers) {
        this.desk = desk;
        this.answers = answers;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        Optional<LocalDate> born = date(arguments.text("date_of_birth"));
        if (born.isEmpty()) {
            // Not an attempt: nothing was checked.
            return ToolResult.failure("The date of birth was not a date in the form YYYY-MM-DD.",
                    "Ask the caller for their date of birth again: month, day and year.");
        }
        // No name is a claim by date of birth alone: enough on the pharmacy's own call, and the desk asks for the
        // name on a call that came in.
        var claim = new IdentityClaim(arguments.optionalText("full_name").orElse(""), born.get(),
                arguments.optionalText("rx_number"), arguments.optionalText("phone_on_file"));
        return answers.verification(desk.verifyCaller(claim, context.caller()));
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
