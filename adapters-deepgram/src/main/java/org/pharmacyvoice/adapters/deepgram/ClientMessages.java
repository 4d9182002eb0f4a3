package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** The small JSON messages we send during a conversation: tool answers and keep-alives. */
final class ClientMessages {

    static final String KEEP_ALIVE = JSON.createObjectBuilder().add("type", "KeepAlive").build().toString();

    private ClientMessages() {
    }

    /**
     * {@code {"type":"FunctionCallResponse","id","name","content"}}; {@code content} is a JSON string, because
     * that is what the agent hands to the language model.
     */
    static JsonObject functionCallResponse(ToolCall call, ToolResult result) {
        return JSON.createObjectBuilder()
                .add("type", "FunctionCallResponse")
                .add("id", call.id())
                .add("name", call.toolName())
                .add("content", content(result).toString())
                .build();
    }

    /** What the model reads: the tool's data, or the error and what to ask the caller. */
    static JsonObject content(ToolResult result) {
        return switch (result) {
            case ToolResult.Success success -> JsonValues.toJsonObject(success.data());
            case ToolResult.Failure failure -> {
                JsonObjectBuilder error = JSON.createObjectBuilder().add("error", failure.error());
                if (!failure.askCaller().isEmpty()) {
                    error.add("ask_caller", failure.askCaller());
                }
                yield error.build();
            }
        };
    }
}
