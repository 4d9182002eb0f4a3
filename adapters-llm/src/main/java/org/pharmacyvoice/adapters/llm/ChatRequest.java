package org.pharmacyvoice.adapters.llm;

import static org.pharmacyvoice.adapters.llm.JsonValues.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.cascade.port.out.ModelTurn;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolJson;
import org.pharmacyvoice.domain.tool.ToolSchema;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * The body of one streamed Chat Completions request: the model, the instructions as the system message, the
 * conversation as user, assistant (with its {@code tool_calls}) and {@code tool} messages, and the tools as
 * {@code type: function} with a JSON Schema of their parameters, built from the domain's specs so that a new business
 * tool needs no JSON written by hand.
 */
final class ChatRequest {

    private ChatRequest() {
    }

    /** The request's JSON bytes (UTF-8). */
    static byte[] body(LanguageModelSettings settings, ModelRequest request) {
        var out = new ByteArrayOutputStream(4096);
        try (var writer = JSON.createWriter(out)) {
            writer.writeObject(json(settings, request));
        }
        return out.toByteArray();
    }

    static JsonObject json(LanguageModelSettings settings, ModelRequest request) {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("model", settings.model())
                .add("messages", messages(request))
                .add("stream", true);
        settings.temperature().ifPresent(value -> body.add("temperature", value));
        if (!request.tools().isEmpty()) {
            // An empty "tools" array is refused by OpenAI ("[] is too short"): no tools means no field.
            JsonArrayBuilder tools = JSON.createArrayBuilder();
            request.tools().forEach(spec -> tools.add(tool(spec)));
            body.add("tools", tools);
        }
        return body.build();
    }

    private static JsonArrayBuilder messages(ModelRequest request) {
        JsonArrayBuilder messages = JSON.createArrayBuilder();
        if (!request.instructions().isEmpty()) {
            messages.add(message("system", request.instructions()));
        }
        for (ModelTurn turn : request.turns()) {
            switch (turn) {
                case ModelTurn.CallerSaid said -> messages.add(message("user", said.text()));
                case ModelTurn.AgentSaid said -> {
                    if (said.toolCalls().isEmpty()) {
                        // A reply cut off before the caller heard a word says nothing worth replaying.
                        if (!said.text().isEmpty()) {
                            messages.add(message("assistant", said.text()));
                        }
                    } else {
                        messages.add(assistantCalling(said.text(), said.toolCalls()));
                    }
                }
                case ModelTurn.ToolAnswered answered -> messages.add(JSON.createObjectBuilder()
                        .add("role", "tool")
                        .add("tool_call_id", answered.callId())
                        .add("content", ToolJson.of(answered.result())));
            }
        }
        return messages;
    }

    private static JsonObjectBuilder message(String role, String content) {
        return JSON.createObjectBuilder().add("role", role).add("content", content);
    }

    /** An assistant message with tool calls: its content is null when it said nothing before calling them. */
    private static JsonObjectBuilder assistantCalling(String text, List<ToolCall> calls) {
        JsonObjectBuilder message = JSON.createObjectBuilder().add("role", "assistant");
        if (text.isEmpty()) {
            message.addNull("content");
        } else {
            message.add("content", text);
        }
        JsonArrayBuilder toolCalls = JSON.createArrayBuilder();
        for (ToolCall call : calls) {
            toolCalls.add(JSON.createObjectBuilder()
                    .add("id", call.id())
                    .add("type", "function")
                    .add("function", JSON.createObjectBuilder()
                            .add("name", call.toolName())
                            .add("arguments", arguments(call))));
        }
        return message.add("tool_calls", toolCalls);
    }

    /**
     * The arguments as the model wrote them, so it sees its own words again; {@code {}} when it wrote none, and the
     * read arguments when only those are known (a call made in code).
     */
    private static String arguments(ToolCall call) {
        if (!call.rawArguments().isBlank()) {
            return call.rawArguments();
        }
        return call.arguments().map(arguments -> ToolJson.of(arguments.values())).orElse("{}");
    }

    /** {@code {type: function, function: {name, description, parameters}}} for one tool. */
    static JsonObject tool(ToolSpec spec) {
        return JSON.createObjectBuilder()
                .add("type", "function")
                .add("function", JSON.createObjectBuilder()
                        .add("name", spec.name())
                        .add("description", spec.description())
                        .add("parameters", parameters(spec)))
                .build();
    }

    /** The JSON Schema of a tool's arguments object: the domain's {@link ToolSchema}, as JSON-P. */
    static JsonObject parameters(ToolSpec spec) {
        return JSON.createObjectBuilder(ToolSchema.of(spec)).build();
    }
}
