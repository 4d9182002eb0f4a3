package org.pharmacyvoice.domain.cascade.port.out;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.tool.ToolCall;

/** What the language model writes, as it writes it. */
public sealed interface ModelEvent {

    /** The next piece of the reply's text. */
    record Text(String text) implements ModelEvent {
        public Text {
            Objects.requireNonNull(text, "'text' must not be null");
        }
    }

    /** The reply is complete; {@code toolCalls} are the tools it asks for (empty when it only spoke). */
    record Finished(List<ToolCall> toolCalls) implements ModelEvent {
        public Finished {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /**
     * The reply failed: {@code problem} in words fit for a log (never the conversation), and when the service said
     * how long to wait before asking again (a rate limit), that wait.
     */
    record Failed(String problem, Optional<Duration> retryAfter) implements ModelEvent {
        public Failed {
            Objects.requireNonNull(problem, "'problem' must not be null");
            Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
        }
    }
}
