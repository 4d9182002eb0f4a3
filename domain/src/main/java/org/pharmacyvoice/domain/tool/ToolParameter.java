package org.pharmacyvoice.domain.tool;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared parameter of a business tool; the voice agent adapter turns these into JSON Schema, and the
 * domain checks the agent's arguments against them before a tool runs.
 */
public record ToolParameter(
        String name,
        ParameterType type,
        String description,
        boolean required,
        List<String> allowedValues,
        Optional<Long> minimum,
        Optional<Long> maximum,
        int maxLength) {

    public ToolParameter {
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(type, "'type' must not be null");
        Objects.requireNonNull(description, "'description' must not be null");
        allowedValues = List.copyOf(allowedValues);
        Objects.requireNonNull(minimum, "'minimum' must not be null");
        Objects.requireNonNull(maximum, "'maximum' must not be null");
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("parameter names are lower_snake_case: " + name);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
    }

    /** A required text parameter of at most 200 characters. */
    public static ToolParameter text(String name, String description) {
        return new ToolParameter(name, ParameterType.STRING, description, true, List.of(),
                Optional.empty(), Optional.empty(), 200);
    }

    /** A required whole-number parameter. */
    public static ToolParameter integer(String name, String description) {
        return new ToolParameter(name, ParameterType.INTEGER, description, true, List.of(),
                Optional.empty(), Optional.empty(), 0);
    }

    /** A required yes/no parameter. */
    public static ToolParameter flag(String name, String description) {
        return new ToolParameter(name, ParameterType.BOOLEAN, description, true, List.of(),
                Optional.empty(), Optional.empty(), 0);
    }

    /** The same parameter, but the agent may leave it out. */
    public ToolParameter optional() {
        return new ToolParameter(name, type, description, false, allowedValues, minimum, maximum, maxLength);
    }

    /** The same number parameter, limited to {@code [min, max]}. */
    public ToolParameter between(long min, long max) {
        if (type != ParameterType.INTEGER && type != ParameterType.NUMBER) {
            throw new IllegalStateException("only numbers have bounds: " + name);
        }
        return new ToolParameter(name, type, description, required, allowedValues,
                Optional.of(min), Optional.of(max), maxLength);
    }

    /** The same text parameter, limited to the given values. */
    public ToolParameter oneOf(String... values) {
        if (type != ParameterType.STRING) {
            throw new IllegalStateException("only text parameters have allowed values: " + name);
        }
        return new ToolParameter(name, type, description, required, List.of(values), minimum, maximum, maxLength);
    }

    /** The same text parameter with another length limit. */
    public ToolParameter maxLength(int length) {
        if (type != ParameterType.STRING) {
            throw new IllegalStateException("only text parameters have a length: " + name);
        }
        return new ToolParameter(name, type, description, required, allowedValues, minimum, maximum, length);
    }
}
