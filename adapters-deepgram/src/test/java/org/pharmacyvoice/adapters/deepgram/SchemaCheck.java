package org.pharmacyvoice.adapters.deepgram;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks our messages against Deepgram's published schemas ({@code deepgram-agent-v1-messages.json}), with just
 * the keywords those schemas use: type, enum, required, properties, additionalProperties, items, minimum,
 * maximum and oneOf. {@code oneOf} is read as {@code anyOf}: the spec's unions have no discriminator, so a valid
 * message can match two branches. (it-tests checks with networknt's validator, DeepgramSchemaCheck.)
 *
 * <p>The schema file is a verbatim copy of {@code /work/shared/reference/deepgram-agent-v1-messages.json}
 * (SHA-256 0863c5a96e880b8aebc5a86600c2e9ab63fb6e0d36ce893c9f37baa298e8a574), generated from Deepgram's AsyncAPI of
 * 2026-08-22.
 */
final class SchemaCheck {

    private static final String RESOURCE = "/deepgram/deepgram-agent-v1-messages.json";

    private SchemaCheck() {
    }

    /** The payload schema of a client-to-server message, e.g. {@code AgentV1Settings}. */
    static JsonObject clientMessage(String name) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            try (var reader = JsonValues.JSON.createReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.readObject().getJsonObject("client_to_server").getJsonObject(name)
                        .getJsonObject("payload");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every way {@code value} breaks {@code schema}; empty when it is valid. */
    static List<String> problems(JsonObject schema, JsonValue value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonObject schema, JsonValue value, String path, List<String> problems) {
        if (schema.containsKey("oneOf") || schema.containsKey("anyOf")) {
            var branches = schema.containsKey("oneOf") ? schema.getJsonArray("oneOf") : schema.getJsonArray("anyOf");
            List<String> closest = null;
            for (JsonValue branch : branches) {
                List<String> found = new ArrayList<>();
                check(branch.asJsonObject(), value, path, found);
                if (found.isEmpty()) {
                    closest = List.of();
                    break;
                }
                if (closest == null || found.size() < closest.size()) {
                    closest = found;
                }
            }
            if (closest != null && !closest.isEmpty()) {
                problems.add(path + ": matches none of " + branches.size() + " alternatives; closest: " + closest);
            }
        }
        if (schema.containsKey("type") && !hasType(value, schema.getString("type"))) {
            problems.add(path + ": expected " + schema.getString("type") + " but was " + value);
            return;
        }
        if (schema.containsKey("enum") && !schema.getJsonArray("enum").contains(value)) {
            problems.add(path + ": " + value + " is not one of " + schema.getJsonArray("enum"));
        }
        if (value instanceof JsonNumber number) {
            if (schema.containsKey("minimum")
                    && number.bigDecimalValue().compareTo(schema.getJsonNumber("minimum").bigDecimalValue()) < 0) {
                problems.add(path + ": " + number + " is below " + schema.get("minimum"));
            }
            if (schema.containsKey("maximum")
                    && number.bigDecimalValue().compareTo(schema.getJsonNumber("maximum").bigDecimalValue()) > 0) {
                problems.add(path + ": " + number + " is above " + schema.get("maximum"));
            }
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            checkObject(schema, value.asJsonObject(), path, problems);
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY && schema.containsKey("items")) {
            int i = 0;
            for (JsonValue item : value.asJsonArray()) {
                check(schema.getJsonObject("items"), item, path + "[" + i++ + "]", problems);
            }
        }
    }

    private static void checkObject(JsonObject schema, JsonObject object, String path, List<String> problems) {
        if (schema.containsKey("required")) {
            for (JsonValue name : schema.getJsonArray("required")) {
                String field = ((jakarta.json.JsonString) name).getString();
                if (!object.containsKey(field)) {
                    problems.add(path + ": missing required field '" + field + "'");
                }
            }
        }
        JsonObject properties = schema.containsKey("properties") ? schema.getJsonObject("properties") : null;
        JsonValue additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonValue> field : object.entrySet()) {
            String fieldPath = path + "." + field.getKey();
            if (properties != null && properties.containsKey(field.getKey())) {
                check(properties.getJsonObject(field.getKey()), field.getValue(), fieldPath, problems);
            } else if (additional == JsonValue.FALSE) {
                problems.add(fieldPath + ": field not allowed");
            } else if (additional != null && additional.getValueType() == JsonValue.ValueType.OBJECT) {
                check(additional.asJsonObject(), field.getValue(), fieldPath, problems);
            }
        }
    }

    private static boolean hasType(JsonValue value, String type) {
        return switch (type) {
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case "null" -> value == JsonValue.NULL;
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "integer" -> value instanceof JsonNumber number && number.isIntegral();
            default -> throw new IllegalArgumentException("unsupported schema type " + type);
        };
    }
}
