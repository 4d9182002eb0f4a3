package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonObject;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolJson;
import org.pharmacyvoice.domain.tool.ToolResult;

/** The small JSON messages we send during a conversation: tool answers, the caller's typed turns, keep-alives. */
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
                .add("content", ToolJson.of(result))
                .build();
    }

    /**
     * {@code {"type":"InjectUserMessage","content"}}: the agent answers {@code content} as if the caller had said it.
     * The field is {@code content} here, unlike {@code InjectAgentMessage}'s {@code message}.
     */
    static JsonObject injectUserMessage(String content) {
        return JSON.createObjectBuilder()
                .add("type", "InjectUserMessage")
                .add("content", content)
                .build();
    }

}
