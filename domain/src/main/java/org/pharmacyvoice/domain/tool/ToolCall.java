package org.pharmacyvoice.domain.tool;

import java.util.Objects;
import java.util.Optional;

/**
 * The agent asking to run one business tool.
 *
 * <p>{@code arguments} is empty when {@code rawArguments} was not a JSON object the agent adapter could read;
 * {@code argumentsProblem} then says why, in words fit for a log line, and is empty otherwise. The call is still
 * answered, with an error the agent can act on.
 */
public record ToolCall(String id, String toolName, String rawArguments, Optional<ToolArguments> arguments,
                       String argumentsProblem) {

    /**
     * The longest id a call may have to be run: it is recorded with the call (128 characters in the database) and
     * stored with an order to recognise a repeat. Deepgram's ids have 39 characters.
     */
    public static final int MAX_ID_CHARS = 128;

    public ToolCall {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(toolName, "'toolName' must not be null");
        rawArguments = rawArguments == null ? "" : rawArguments;
        Objects.requireNonNull(arguments, "'arguments' must not be null");
        argumentsProblem = arguments.isPresent() || argumentsProblem == null ? "" : argumentsProblem;
        if (arguments.isEmpty() && argumentsProblem.isEmpty()) {
            argumentsProblem = rawArguments.isEmpty() ? "no arguments" : "not a JSON object";
        }
    }

    /** A call without a word on why its arguments are missing, if they are. */
    public ToolCall(String id, String toolName, String rawArguments, Optional<ToolArguments> arguments) {
        this(id, toolName, rawArguments, arguments, "");
    }

    /** A call whose arguments were read. */
    public static ToolCall of(String id, String toolName, ToolArguments arguments) {
        return new ToolCall(id, toolName, "", Optional.of(arguments));
    }

    /**
     * Why {@code id} can't identify a tool call — empty, longer than {@link #MAX_ID_CHARS}, or holding control
     * characters or half a surrogate pair — or empty when it can. A call with such an id must reach no tool and no
     * record; it is answered at once with an error.
     */
    public static Optional<String> unusableId(String id) {
        if (id.isEmpty()) {
            return Optional.of("an empty id");
        }
        if (id.length() > MAX_ID_CHARS) {
            return Optional.of("an id of " + id.length() + " characters (at most " + MAX_ID_CHARS + ")");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("an id with control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("an id with half a surrogate pair");
            }
        }
        return Optional.empty();
    }

    /** The answer to a call whose id can't be used ({@link #unusableId} says why): nothing was run. */
    public static ToolResult refusal(String unusableId) {
        return ToolResult.failure("This function call was not run: it came with " + unusableId + ".",
                "Tell the caller something went wrong on our side, and offer to try again.");
    }
}
