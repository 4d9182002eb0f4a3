package org.pharmacyvoice.domain.tool;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a business tool presents itself to the voice agent: its name, what it does, its parameters, and whether
 * the agent must wait for the caller to finish speaking before calling it (for actions that can't be undone).
 * {@code patientData} marks a tool whose arguments and answers are about a patient (a date of birth, an Rx number,
 * a drug): the call record then keeps the argument names only and, of the answer, only {@code recordedResultKeys}.
 */
public record ToolSpec(String name, String description, List<ToolParameter> parameters, boolean deferUntilEndOfTurn,
                       boolean patientData, List<String> recordedResultKeys) {

    public ToolSpec {
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(description, "'description' must not be null");
        parameters = List.copyOf(parameters);
        recordedResultKeys = List.copyOf(recordedResultKeys);
        if (!name.matches("[a-zA-Z][a-zA-Z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("tool names are letters, digits, '_' and '-': " + name);
        }
        var seen = new HashSet<String>();
        for (ToolParameter parameter : parameters) {
            if (!seen.add(parameter.name())) {
                throw new IllegalArgumentException("parameter declared twice in " + name + ": " + parameter.name());
            }
        }
    }

    public ToolSpec(String name, String description, List<ToolParameter> parameters, boolean deferUntilEndOfTurn) {
        this(name, description, parameters, deferUntilEndOfTurn, false, List.of());
    }

    /** A tool the agent may call as soon as it decides to (reads nothing irreversible). */
    public static ToolSpec of(String name, String description, ToolParameter... parameters) {
        return new ToolSpec(name, description, List.of(parameters), false);
    }

    /** The same tool, held by the agent until the caller's turn has really ended. */
    public ToolSpec deferredUntilEndOfTurn() {
        return new ToolSpec(name, description, parameters, true, patientData, recordedResultKeys);
    }

    /**
     * The same tool, marked as handling patient data: its records keep no argument values and, of a successful
     * answer, only the values of {@code recordedResultKeys} (an outcome code, never a name, date or number).
     */
    public ToolSpec aboutPatients(String... recordedResultKeys) {
        return new ToolSpec(name, description, parameters, deferUntilEndOfTurn, true, List.of(recordedResultKeys));
    }
}
