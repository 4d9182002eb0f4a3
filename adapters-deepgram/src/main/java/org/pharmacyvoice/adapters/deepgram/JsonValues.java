package org.pharmacyvoice.adapters.deepgram;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts between JSON-P values and the plain Java values the domain uses for tool arguments and results. */
final class JsonValues {

    /** Looked up once: {@code Json.createXxx} would search the service loader on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private JsonValues() {
    }

    /**
     * A Java value as JSON: maps, lists, strings, numbers, booleans and null map to their JSON form; anything else
     * becomes its {@code toString()}, so a tool returning an odd type still produces an answer the agent can read.
     */
    static JsonValue toJson(Object value) {
        return switch (value) {
            case null -> JsonValue.NULL;
            case JsonValue json -> json;
            case String text -> JSON.createValue(text);
            case Boolean flag -> flag ? JsonValue.TRUE : JsonValue.FALSE;
            case Long number -> JSON.createValue(number);
            case Integer number -> JSON.createValue(number.longValue());
            case Short number -> JSON.createValue(number.longValue());
            case Byte number -> JSON.createValue(number.longValue());
            case BigDecimal number -> JSON.createValue(number);
            case BigInteger number -> JSON.createValue(number);
            case Double number -> finiteOrText(number);
            case Float number -> finiteOrText(number.doubleValue());
            case Optional<?> optional -> toJson(optional.orElse(null));
            case Map<?, ?> map -> toJsonObject(map);
            case Collection<?> items -> {
                JsonArrayBuilder array = JSON.createArrayBuilder();
                items.forEach(item -> array.add(toJson(item)));
                yield array.build();
            }
            default -> JSON.createValue(value.toString());
        };
    }

    /** A map as a JSON object, keys by their {@code toString()}, in the map's order. */
    static JsonObject toJsonObject(Map<?, ?> map) {
        JsonObjectBuilder object = JSON.createObjectBuilder();
        map.forEach((key, item) -> object.add(String.valueOf(key), toJson(item)));
        return object.build();
    }

    /**
     * A JSON value as the domain's Java value: {@link String}, {@link Long} for whole numbers that fit, otherwise
     * {@link BigDecimal}, {@link Boolean}, {@code null}, {@link List} or {@link Map} of those.
     */
    static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> number((JsonNumber) value);
            case ARRAY -> {
                var list = new ArrayList<Object>();
                value.asJsonArray().forEach(item -> list.add(toJava(item)));
                yield Collections.unmodifiableList(list);
            }
            case OBJECT -> toJavaMap(value.asJsonObject());
        };
    }

    /** A JSON object as an ordered map of Java values (see {@link #toJava}). */
    static Map<String, Object> toJavaMap(JsonObject object) {
        var map = new LinkedHashMap<String, Object>();
        object.forEach((key, item) -> map.put(key, toJava(item)));
        return Collections.unmodifiableMap(map);
    }

    private static Object number(JsonNumber number) {
        BigDecimal decimal = number.bigDecimalValue();
        if (number.isIntegral()) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException tooBig) {
                return decimal;
            }
        }
        return decimal;
    }

    private static JsonValue finiteOrText(double number) {
        // JSON has no NaN or infinity; JSON-P would throw, and a tool answer must never fail to encode.
        return Double.isFinite(number) ? JSON.createValue(number) : JSON.createValue(Double.toString(number));
    }
}
