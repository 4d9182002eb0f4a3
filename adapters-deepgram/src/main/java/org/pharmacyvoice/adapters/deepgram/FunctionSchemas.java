package org.pharmacyvoice.adapters.deepgram;

import static org.pharmacyvoice.adapters.deepgram.JsonValues.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.pharmacyvoice.domain.tool.ParameterType;
import org.pharmacyvoice.domain.tool.ToolParameter;
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

    /** The JSON Schema of a tool's arguments object. */
    static JsonObject parameters(ToolSpec spec) {
        JsonObjectBuilder properties = JSON.createObjectBuilder();
        JsonArrayBuilder required = JSON.createArrayBuilder();
        boolean anyRequired = false;
        for (ToolParameter parameter : spec.parameters()) {
            properties.add(parameter.name(), property(parameter));
            if (parameter.required()) {
                required.add(parameter.name());
                anyRequired = true;
            }
        }
        JsonObjectBuilder schema = JSON.createObjectBuilder()
                .add("type", "object")
                .add("properties", properties);
        if (anyRequired) {
            // An empty "required" array is invalid in older JSON Schema drafts; leave it out instead.
            schema.add("required", required);
        }
        return schema.add("additionalProperties", false).build();
    }

    private static JsonObject property(ToolParameter parameter) {
        JsonObjectBuilder property = JSON.createObjectBuilder().add("type", parameter.type().jsonName());
        if (!parameter.description().isBlank()) {
            property.add("description", parameter.description());
        }
        if (!parameter.allowedValues().isEmpty()) {
            JsonArrayBuilder values = JSON.createArrayBuilder();
            parameter.allowedValues().forEach(values::add);
            property.add("enum", values);
        }
        parameter.minimum().ifPresent(min -> property.add("minimum", min));
        parameter.maximum().ifPresent(max -> property.add("maximum", max));
        if (parameter.type() == ParameterType.STRING) {
            if (parameter.required()) {
                // A required text the model leaves empty is as good as missing.
                property.add("minLength", 1);
            }
            if (parameter.maxLength() > 0) {
                property.add("maxLength", parameter.maxLength());
            }
        }
        return property.build();
    }
}
