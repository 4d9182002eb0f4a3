package org.pharmacyvoice.adapters.deepgram;

import java.util.List;
import java.util.Objects;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.tool.ToolCall;

/** What one JSON text frame from Deepgram means to the connection. */
sealed interface ServerMessage {

    /** The server is ready for our {@code Settings}. */
    record Welcome(String requestId) implements ServerMessage {
    }

    /** Something the call must hear about. */
    record Event(AgentEvent event) implements ServerMessage {
        public Event {
            Objects.requireNonNull(event, "'event' must not be null");
        }
    }

    /** A message only worth a debug log line (latency reports, history, acknowledgements, unknown types). */
    record Informational(String type, String detail) implements ServerMessage {
    }

    /** A frame that is not a message we can read; logged and skipped, the conversation goes on. */
    record Malformed(String problem) implements ServerMessage {
    }

    /**
     * A {@code FunctionCallRequest} that can't be taken as it is: it could not be read whole ({@code problem}, empty
     * when it could), or some of its calls came with an id that must reach no tool and no record. Every call is
     * still answered: {@code refused} ones here at once, {@code toRun} ones by the call's toolbox (those of an
     * unreadable request with an error, since their arguments are lost).
     */
    record TroubledRequest(String problem, List<ToolCall> toRun, List<RefusedCall> refused) implements ServerMessage {
        public TroubledRequest {
            toRun = List.copyOf(toRun);
            refused = List.copyOf(refused);
        }
    }

    /** A function call answered with an error without running anything, and why. */
    record RefusedCall(String id, String name, String problem) {
    }
}
