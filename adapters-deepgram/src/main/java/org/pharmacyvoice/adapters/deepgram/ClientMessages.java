package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonObject;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolJson;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * The small JSON messages we send during a conversation: tool answers, the caller's typed turns, what the agent is
 * to say on our cue, keep-alives.
 */
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

    /**
     * {@code {"type":"InjectAgentMessage","message","behavior":"queue"}}: the agent says {@code message} after whatever
     * it is saying or has queued, without interrupting it. The spec has the agent refuse only the default behaviour
     * (while anyone is mid-turn), and a refusal names no message: so a queued one leaves every InjectionRefused to the
     * caller text.
     */
    static JsonObject injectAgentMessage(String message) {
        return JSON.createObjectBuilder()
                .add("type", "InjectAgentMessage")
                .add("message", message)
                .add("behavior", "queue")
                .build();
    }

}
