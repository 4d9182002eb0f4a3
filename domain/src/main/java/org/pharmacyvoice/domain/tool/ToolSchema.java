package org.pharmacyvoice.domain.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of a tool's arguments object, as the JSON-like values of {@link ToolArguments}, for every agent the
 * tools are offered to (the Deepgram Voice Agent's functions, a language model's tools): closed
 * ({@code additionalProperties: false}) and as tight as the spec allows, so the model is steered towards arguments
 * the domain will accept.
 */
public final class ToolSchema {

    private ToolSchema() {
    }

    /** The schema, its keys in a fixed order. */
    public static Map<String, Object> of(ToolSpec spec) {
        var properties = new LinkedHashMap<String, Object>();
        var required = new ArrayList<Object>();
        for (ToolParameter parameter : spec.parameters()) {
            properties.put(parameter.name(), property(parameter));
            if (parameter.required()) {
                required.add(parameter.name());
            }
        }
        var schema = new LinkedHashMap<String, Object>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            // An empty "required" array is invalid in older JSON Schema drafts; leave it out instead.
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> property(ToolParameter parameter) {
        var property = new LinkedHashMap<String, Object>();
        property.put("type", parameter.type().jsonName());
        if (!parameter.description().isBlank()) {
            property.put("description", parameter.description());
        }
        if (!parameter.allowedValues().isEmpty()) {
            property.put("enum", List.<Object>copyOf(parameter.allowedValues()));
        }
        parameter.minimum().ifPresent(min -> property.put("minimum", min));
        parameter.maximum().ifPresent(max -> property.put("maximum", max));
        if (parameter.type() == ParameterType.STRING) {
            if (parameter.required()) {
                // A required text the model leaves empty is as good as missing.
                property.put("minLength", 1);
            }
            if (parameter.maxLength() > 0) {
                property.put("maxLength", parameter.maxLength());
            }
        }
        return property;
    }
}
