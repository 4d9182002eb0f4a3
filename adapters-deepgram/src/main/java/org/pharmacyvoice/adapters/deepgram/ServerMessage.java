package org.pharmacyvoice.adapters.deepgram;

import java.util.Objects;
import org.pharmacyvoice.domain.model.AgentEvent;

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
}
