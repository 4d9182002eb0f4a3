package org.pharmacyvoice.domain.cascade.port.out;

import java.util.List;
import java.util.Objects;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** One turn of the conversation as the language model sees it. */
public sealed interface ModelTurn {

    /** What the caller said (or typed on the keypad). */
    record CallerSaid(String text) implements ModelTurn {
        public CallerSaid {
            Objects.requireNonNull(text, "'text' must not be null");
        }
    }

    /** What the agent said (as far as the caller heard it), and the tools it asked for then. */
    record AgentSaid(String text, List<ToolCall> toolCalls) implements ModelTurn {
        public AgentSaid {
            Objects.requireNonNull(text, "'text' must not be null");
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** A tool's answer to the agent's call {@code callId}. */
    record ToolAnswered(String callId, String toolName, ToolResult result) implements ModelTurn {
        public ToolAnswered {
            Objects.requireNonNull(callId, "'callId' must not be null");
            Objects.requireNonNull(toolName, "'toolName' must not be null");
            Objects.requireNonNull(result, "'result' must not be null");
        }
    }
}
