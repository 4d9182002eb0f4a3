package org.pharmacyvoice.domain.tool;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a business tool presents itself to the voice agent: its name, what it does, its parameters, and whether
 * the agent must wait for the caller to finish speaking before calling it (for actions that can't be undone).
 */
public record ToolSpec(String name, String description, List<ToolParameter> parameters, boolean deferUntilEndOfTurn) {

    public ToolSpec {
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(description, "'description' must not be null");
        parameters = List.copyOf(parameters);
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

    /** A tool the agent may call as soon as it decides to (reads nothing irreversible). */
    public static ToolSpec of(String name, String description, ToolParameter... parameters) {
        return new ToolSpec(name, description, List.of(parameters), false);
    }

    /** The same tool, held by the agent until the caller's turn has really ended. */
    public ToolSpec deferredUntilEndOfTurn() {
        return new ToolSpec(name, description, parameters, true);
    }
}
