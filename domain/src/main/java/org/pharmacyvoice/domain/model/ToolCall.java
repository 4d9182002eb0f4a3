package org.pharmacyvoice.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The agent asking to run one business tool.
 *
 * <p>{@code arguments} is empty when {@code rawArguments} was not a JSON object; the call is still answered, with
 * an error the agent can act on.
 */
public record ToolCall(String id, String toolName, String rawArguments, Optional<ToolArguments> arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(toolName, "'toolName' must not be null");
        rawArguments = rawArguments == null ? "" : rawArguments;
        Objects.requireNonNull(arguments, "'arguments' must not be null");
    }

    /** A call whose arguments were read. */
    public static ToolCall of(String id, String toolName, ToolArguments arguments) {
        return new ToolCall(id, toolName, "", Optional.of(arguments));
    }
}
