package org.pharmacyvoice.domain.tool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a business tool tells the agent: the facts it found or did, or why it could not. */
public sealed interface ToolResult {

    /** The tool worked; {@code data} holds JSON-like values (see {@link ToolArguments}) for the agent to read. */
    record Success(Map<String, Object> data) implements ToolResult {
        public Success {
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /**
     * The tool could not help; {@code error} says what went wrong in words the agent can repeat, and
     * {@code askCaller} (may be empty) what to ask the caller to put it right.
     */
    record Failure(String error, String askCaller) implements ToolResult {
        public Failure {
            Objects.requireNonNull(error, "'error' must not be null");
            askCaller = askCaller == null ? "" : askCaller;
        }
    }

    /** A success from name/value pairs, in that order. */
    static Success success(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Success(map);
    }

    /** A failure with advice for the conversation. */
    static Failure failure(String error, String askCaller) {
        return new Failure(error, askCaller);
    }
}
