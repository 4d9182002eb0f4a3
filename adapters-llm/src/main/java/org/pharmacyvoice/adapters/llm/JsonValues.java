package org.pharmacyvoice.adapters.llm;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON-P values into the plain Java values the domain uses for tool arguments (as adapters-deepgram does). */
final class JsonValues {

    /** Looked up once: {@code Json.createXxx} would search the service loader on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private JsonValues() {
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

}
