package org.pharmacyvoice.it;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Checks JSON against the subset of JSON Schema that the Deepgram Voice Agent spec uses, so fakes can reject what the real peer would.
 *
 * <p>{@code oneOf} is read as {@code anyOf} (see the reference README: the spec's unions carry no discriminator);
 * every other keyword is strict. Unknown keywords throw, so a newer spec cannot silently weaken the checks.
 */
public final class JsonSchemaValidator {

    private static final Set<String> ANNOTATIONS = Set.of(
            "description", "title", "default", "format", "deprecated", "examples",
            "$schema", "$id", "$comment", "readOnly", "writeOnly");
    private static final Set<String> KEYWORDS = Set.of(
            "type", "enum", "const", "properties", "required", "additionalProperties", "items",
            "oneOf", "anyOf", "allOf", "minimum", "maximum", "minLength", "maxLength",
            "minItems", "maxItems", "pattern");
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private JsonSchemaValidator() {
    }

    /**
     * Validates {@code value} against {@code schema}.
     *
     * @return one entry per violation, {@code "<json pointer>: <problem>"} (the root is {@code "/"}); empty when valid
     * @throws IllegalArgumentException if the schema uses a keyword this validator does not implement
     */
    public static List<String> validate(JsonValue value, JsonObject schema) {
        requireSupported(schema, "#");
        List<String> violations = new ArrayList<>();
        check(value, schema, "", violations);
        return List.copyOf(violations);
    }

    // Checks the whole schema up front, so branches the value never reaches are covered too.
    private static void requireSupported(JsonObject schema, String schemaPath) {
        for (Map.Entry<String, JsonValue> keyword : schema.entrySet()) {
            String name = keyword.getKey();
            JsonValue arg = keyword.getValue();
            if (isAnnotation(name)) {
                continue;
            }
            if (!KEYWORDS.contains(name)) {
                throw new IllegalArgumentException("unsupported JSON Schema keyword '" + name + "' at " + schemaPath);
            }
            switch (name) {
                case "properties" -> arg.asJsonObject().forEach((property, sub) ->
                        requireSupported(sub.asJsonObject(), schemaPath + "/properties/" + property));
                case "items" -> {
                    if (arg.getValueType() != JsonValue.ValueType.OBJECT) {
                        throw new IllegalArgumentException("only a single schema is supported for 'items' at " + schemaPath);
                    }
                    requireSupported(arg.asJsonObject(), schemaPath + "/items");
                }
                case "additionalProperties" -> {
                    if (arg.getValueType() == JsonValue.ValueType.OBJECT) {
                        requireSupported(arg.asJsonObject(), schemaPath + "/additionalProperties");
                    }
                }
                case "oneOf", "anyOf", "allOf" -> {
                    JsonArray alternatives = arg.asJsonArray();
                    for (int i = 0; i < alternatives.size(); i++) {
                        requireSupported(alternatives.getJsonObject(i), schemaPath + "/" + name + "/" + i);
                    }
                }
                default -> {
                    // no sub-schemas
                }
            }
        }
    }

    private static boolean isAnnotation(String keyword) {
        return ANNOTATIONS.contains(keyword) || keyword.startsWith("x-");
    }

    private static void check(JsonValue value, JsonObject schema, String path, List<String> out) {
        for (Map.Entry<String, JsonValue> keyword : schema.entrySet()) {
            String name = keyword.getKey();
            JsonValue arg = keyword.getValue();
            if (isAnnotation(name)) {
                continue;
            }
            switch (name) {
                case "type" -> checkType(value, arg, path, out);
                case "enum" -> checkEnum(value, arg.asJsonArray(), path, out);
                case "const" -> {
                    if (!jsonEquals(value, arg)) {
                        out.add(display(path) + ": expected constant " + arg + " but was " + value);
                    }
                }
                case "properties" -> checkProperties(value, arg.asJsonObject(), path, out);
                case "required" -> checkRequired(value, arg.asJsonArray(), path, out);
                case "additionalProperties" -> checkAdditional(value, schema, arg, path, out);
                case "items" -> checkItems(value, arg, path, out);
                case "oneOf", "anyOf" -> checkAnyOf(value, arg.asJsonArray(), name, path, out);
                case "allOf" -> arg.asJsonArray().forEach(s -> check(value, s.asJsonObject(), path, out));
                case "minimum", "maximum" -> checkBound(value, (JsonNumber) arg, name.equals("minimum"), path, out);
                case "minLength", "maxLength" -> checkLength(value, ((JsonNumber) arg).intValueExact(),
                        name.equals("minLength"), path, out);
                case "minItems", "maxItems" -> checkItemCount(value, ((JsonNumber) arg).intValueExact(),
                        name.equals("minItems"), path, out);
                case "pattern" -> checkPattern(value, ((JsonString) arg).getString(), path, out);
                default -> throw new IllegalStateException(name);
            }
        }
    }

    private static void checkType(JsonValue value, JsonValue arg, String path, List<String> out) {
        if (!typeMatches(value, arg)) {
            out.add(display(path) + ": expected type " + typeNames(arg) + " but was " + typeOf(value));
        }
    }

    private static boolean typeMatches(JsonValue value, JsonValue typeArg) {
        if (typeArg.getValueType() == JsonValue.ValueType.ARRAY) {
            return typeArg.asJsonArray().stream().anyMatch(t -> isOfType(value, ((JsonString) t).getString()));
        }
        return isOfType(value, ((JsonString) typeArg).getString());
    }

    private static boolean isOfType(JsonValue value, String type) {
        JsonValue.ValueType actual = value.getValueType();
        return switch (type) {
            case "string" -> actual == JsonValue.ValueType.STRING;
            case "number" -> actual == JsonValue.ValueType.NUMBER;
            // JSON Schema (draft 6+) counts 8000.0 as an integer; 1.5 is not.
            case "integer" -> actual == JsonValue.ValueType.NUMBER && isIntegral(((JsonNumber) value).bigDecimalValue());
            case "boolean" -> actual == JsonValue.ValueType.TRUE || actual == JsonValue.ValueType.FALSE;
            case "object" -> actual == JsonValue.ValueType.OBJECT;
            case "array" -> actual == JsonValue.ValueType.ARRAY;
            case "null" -> actual == JsonValue.ValueType.NULL;
            default -> throw new IllegalArgumentException("unknown JSON Schema type '" + type + "'");
        };
    }

    private static boolean isIntegral(BigDecimal number) {
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static void checkEnum(JsonValue value, JsonArray allowed, String path, List<String> out) {
        if (allowed.stream().noneMatch(a -> jsonEquals(value, a))) {
            out.add(display(path) + ": " + value + " is not one of " + allowed);
        }
    }

    private static void checkProperties(JsonValue value, JsonObject properties, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return;
        }
        JsonObject object = value.asJsonObject();
        for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
            JsonValue member = object.get(property.getKey());
            if (member != null) {
                check(member, property.getValue().asJsonObject(), child(path, property.getKey()), out);
            }
        }
    }

    private static void checkRequired(JsonValue value, JsonArray required, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return;
        }
        for (JsonValue name : required) {
            String key = ((JsonString) name).getString();
            if (!value.asJsonObject().containsKey(key)) {
                out.add(display(path) + ": missing required property '" + key + "'");
            }
        }
    }

    private static void checkAdditional(JsonValue value, JsonObject schema, JsonValue arg, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT || arg.getValueType() == JsonValue.ValueType.TRUE) {
            return;
        }
        JsonObject declared = schema.containsKey("properties") ? schema.getJsonObject("properties") : JsonValue.EMPTY_JSON_OBJECT;
        for (Map.Entry<String, JsonValue> member : value.asJsonObject().entrySet()) {
            if (declared.containsKey(member.getKey())) {
                continue;
            }
            if (arg.getValueType() == JsonValue.ValueType.FALSE) {
                out.add(display(path) + ": property '" + member.getKey() + "' is not allowed (additionalProperties: false)");
            } else {
                check(member.getValue(), arg.asJsonObject(), child(path, member.getKey()), out);
            }
        }
    }

    private static void checkItems(JsonValue value, JsonValue itemSchema, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return;
        }
        JsonArray array = value.asJsonArray();
        for (int i = 0; i < array.size(); i++) {
            check(array.get(i), itemSchema.asJsonObject(), child(path, Integer.toString(i)), out);
        }
    }

    private static void checkAnyOf(JsonValue value, JsonArray alternatives, String keyword, String path, List<String> out) {
        List<String> details = new ArrayList<>();
        List<String> typeMismatches = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            JsonObject alternative = alternatives.get(i).asJsonObject();
            List<String> problems = new ArrayList<>();
            check(value, alternative, path, problems);
            if (problems.isEmpty()) {
                return;
            }
            // An alternative of the wrong type says little; report the ones that at least had the right type.
            if (alternative.containsKey("type") && !typeMatches(value, alternative.get("type"))) {
                typeMismatches.add(typeNames(alternative.get("type")));
            } else {
                details.add("#" + i + " {" + String.join("; ", problems) + "}");
            }
        }
        if (details.isEmpty()) {
            out.add(display(path) + ": expected type " + String.join(" or ", typeMismatches) + " but was " + typeOf(value)
                    + " (" + keyword + ")");
        } else {
            out.add(display(path) + ": matches none of the " + alternatives.size() + " " + keyword + " alternatives: "
                    + String.join(" | ", details));
        }
    }

    private static void checkBound(JsonValue value, JsonNumber bound, boolean lower, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.NUMBER) {
            return;
        }
        int cmp = ((JsonNumber) value).bigDecimalValue().compareTo(bound.bigDecimalValue());
        if (lower ? cmp < 0 : cmp > 0) {
            out.add(display(path) + ": " + value + (lower ? " is less than the minimum " : " is greater than the maximum ") + bound);
        }
    }

    private static void checkLength(JsonValue value, int limit, boolean lower, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            return;
        }
        String s = ((JsonString) value).getString();
        int length = s.codePointCount(0, s.length());
        if (lower ? length < limit : length > limit) {
            out.add(display(path) + ": string length " + length + (lower ? " is below minLength " : " exceeds maxLength ") + limit);
        }
    }

    private static void checkItemCount(JsonValue value, int limit, boolean lower, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return;
        }
        int size = value.asJsonArray().size();
        if (lower ? size < limit : size > limit) {
            out.add(display(path) + ": " + size + " items" + (lower ? " is below minItems " : " exceeds maxItems ") + limit);
        }
    }

    private static void checkPattern(JsonValue value, String regex, String path, List<String> out) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            return;
        }
        // JSON Schema patterns are not anchored, hence find() rather than matches().
        if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(((JsonString) value).getString()).find()) {
            out.add(display(path) + ": " + value + " does not match pattern " + regex);
        }
    }

    /** JSON equality: numbers by value (1 == 1.0), objects regardless of member order. */
    static boolean jsonEquals(JsonValue a, JsonValue b) {
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        return switch (a.getValueType()) {
            case NUMBER -> ((JsonNumber) a).bigDecimalValue().compareTo(((JsonNumber) b).bigDecimalValue()) == 0;
            case STRING -> ((JsonString) a).getString().equals(((JsonString) b).getString());
            case ARRAY -> arraysEqual(a.asJsonArray(), b.asJsonArray());
            case OBJECT -> objectsEqual(a.asJsonObject(), b.asJsonObject());
            default -> true;
        };
    }

    private static boolean arraysEqual(JsonArray a, JsonArray b) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<JsonValue> other = b.iterator();
        return a.stream().allMatch(x -> jsonEquals(x, other.next()));
    }

    private static boolean objectsEqual(JsonObject a, JsonObject b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> jsonEquals(a.get(k), b.get(k)));
    }

    private static String typeNames(JsonValue typeArg) {
        if (typeArg.getValueType() == JsonValue.ValueType.ARRAY) {
            return typeArg.asJsonArray().stream().map(t -> ((JsonString) t).getString()).collect(Collectors.joining(", ", "[", "]"));
        }
        return ((JsonString) typeArg).getString();
    }

    private static String typeOf(JsonValue value) {
        return switch (value.getValueType()) {
            case NUMBER -> isIntegral(((JsonNumber) value).bigDecimalValue()) ? "integer " + value : "number " + value;
            case TRUE, FALSE -> "boolean";
            default -> value.getValueType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String child(String path, String token) {
        return path + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    private static String display(String path) {
        return path.isEmpty() ? "/" : path;
    }
}
