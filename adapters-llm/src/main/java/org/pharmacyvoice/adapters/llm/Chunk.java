package org.pharmacyvoice.adapters.llm;

import java.util.List;
import java.util.Optional;

/** What one {@code data:} event of a streamed reply says, as far as a voice agent cares. */
sealed interface Chunk {

    /**
     * More of the reply: text to say (empty when the chunk brought none), pieces of tool calls, and the reason the
     * model stopped, in the chunk that says so.
     */
    record Delta(String text, List<ToolCallPiece> toolCallPieces, Optional<String> finishReason) implements Chunk {
        public Delta {
            toolCallPieces = List.copyOf(toolCallPieces);
        }
    }

    /**
     * A piece of one tool call: its position in the reply ({@code index}, -1 when the server sent none), and
     * whichever of id, name and a stretch of the arguments text it carries (empty strings for the others).
     */
    record ToolCallPiece(int index, String id, String name, String arguments) {
    }

    /** {@code data: [DONE]}: the stream is over. */
    record Done() implements Chunk {
    }

    /** The service reported an error inside the stream; {@code problem} is its message, fit for a log line. */
    record Error(String problem) implements Chunk {
    }

    /** Not a chunk we can read; {@code problem} says why, without quoting it. */
    record Unreadable(String problem) implements Chunk {
    }
}
