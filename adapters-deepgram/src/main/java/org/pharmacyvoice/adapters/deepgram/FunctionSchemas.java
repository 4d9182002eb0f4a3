package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.pharmacyvoice.domain.tool.ToolSchema;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * Turns the domain's tool specs into Deepgram function definitions, so a new business tool reaches the agent
 * without any JSON written by hand.
 *
 * <p>The parameter schemas are closed ({@code additionalProperties: false}) and as tight as the spec allows, so the
 * language model is steered towards arguments the domain will accept.
 */
final class FunctionSchemas {

    private FunctionSchemas() {
    }

    /** {@code {name, description, parameters, defer_until_eot?}} for one tool; client-side, so no endpoint. */
    static JsonObject function(ToolSpec spec) {
        JsonObjectBuilder function = JSON.createObjectBuilder()
                .add("name", spec.name())
                .add("description", spec.description())
                .add("parameters", parameters(spec));
        if (spec.deferUntilEndOfTurn()) {
            function.add("defer_until_eot", true);
        }
        return function.build();
    }

    /** The JSON Schema of a tool's arguments object: the domain's {@link ToolSchema}, as JSON-P. */
    static JsonObject parameters(ToolSpec spec) {
        return JSON.createObjectBuilder(ToolSchema.of(spec)).build();
    }
}
