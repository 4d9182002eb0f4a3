package org.pharmacyvoice.domain.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the call record keeps of one tool run. Everything, for most tools; for a tool about patients
 * ({@link ToolSpec#patientData()}) the argument names without their values and the answer's outcome only, so that
 * a date of birth or an Rx number said on a call never lands in the audit.
 */
public final class ToolAudit {

    /** Stands in for a value that is not kept. */
    public static final String WITHHELD = "•••";

    private ToolAudit() {
    }

    /** The call as the record keeps it. */
    public static ToolCall call(Optional<ToolSpec> spec, ToolCall call) {
        if (!spec.map(ToolSpec::patientData).orElse(false)) {
            return call;
        }
        if (call.arguments().isEmpty()) {
            return new ToolCall(call.id(), call.toolName(), "", Optional.empty(),
                    call.argumentsProblem() + " (" + call.rawArguments().length() + " characters, not kept)");
        }
        Map<String, Object> names = new LinkedHashMap<>();
        call.arguments().get().values().keySet().forEach(name -> names.put(name, WITHHELD));
        return new ToolCall(call.id(), call.toolName(), "", Optional.of(new ToolArguments(names)));
    }

    /** The answer as the record keeps it. */
    public static ToolResult result(Optional<ToolSpec> spec, ToolResult result) {
        if (!spec.map(ToolSpec::patientData).orElse(false)) {
            return result;
        }
        return switch (result) {
            case ToolResult.Success success -> {
                Map<String, Object> kept = new LinkedHashMap<>();
                success.data().forEach((key, value) -> kept.put(key,
                        spec.get().recordedResultKeys().contains(key) ? value : WITHHELD));
                yield new ToolResult.Success(kept);
            }
            // Failures are written for the caller's ears without patient data; digits are withheld all the same.
            case ToolResult.Failure failure -> new ToolResult.Failure(withoutNumbers(failure.error()),
                    withoutNumbers(failure.askCaller()));
        };
    }

    private static String withoutNumbers(String text) {
        return text.replaceAll("[0-9][0-9 ./-]{2,}[0-9]", WITHHELD);
    }
}
