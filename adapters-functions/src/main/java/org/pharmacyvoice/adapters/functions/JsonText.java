package org.pharmacyvoice.adapters.functions;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.domain.tool.ToolResult;

/** Turns tool arguments and results into JSON text for the call records, the same shape the agent received. */
final class JsonText {

    private JsonText() {
    }

    static String of(ToolResult result) {
        return switch (result) {
            case ToolResult.Success success -> of(success.data());
            case ToolResult.Failure failure -> failure.askCaller().isEmpty()
                    ? of(Map.of("error", failure.error()))
                    : of(Map.of("error", failure.error(), "ask_caller", failure.askCaller()));
        };
    }

    static String of(Map<String, Object> values) {
        var out = new StringWriter();
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject();
            values.forEach((name, value) -> write(json, name, value));
            json.writeEnd();
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, String name, Object value) {
        if (name != null) {
            json.writeKey(name);
        }
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.write(text);
            case Boolean flag -> json.write(flag);
            case BigDecimal number -> json.write(number);
            case Long number -> json.write(number);
            case Integer number -> json.write(number);
            case Number number -> json.write(new BigDecimal(number.toString()));
            case Map<?, ?> map -> {
                json.writeStartObject();
                map.forEach((key, inner) -> write(json, String.valueOf(key), inner));
                json.writeEnd();
            }
            case List<?> list -> {
                json.writeStartArray();
                list.forEach(inner -> write(json, null, inner));
                json.writeEnd();
            }
            default -> json.write(value.toString());
        }
    }
}
