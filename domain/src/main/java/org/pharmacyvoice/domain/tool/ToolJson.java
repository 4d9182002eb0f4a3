package org.pharmacyvoice.domain.tool;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a tool's answer (and its arguments, for the records) becomes JSON text: what the agent reads in its
 * {@code FunctionCallResponse} and what the call record keeps are the same bytes. Maps, collections, strings,
 * whole and decimal numbers, booleans and null keep their JSON shape; an empty {@link Optional} is null; a number
 * JSON can't hold (NaN, infinity) and any other value become text, so an odd tool still gives a readable answer.
 * Written by hand because the domain uses no JSON library; it only ever writes, never parses.
 */
public final class ToolJson {

    private ToolJson() {
    }

    /** The tool's data, or {@code {"error": …, "ask_caller": …}} ({@code ask_caller} left out when empty). */
    public static String of(ToolResult result) {
        var out = new StringBuilder(128);
        switch (result) {
            case ToolResult.Success success -> object(out, success.data());
            case ToolResult.Failure failure -> {
                out.append("{\"error\":");
                string(out, failure.error());
                if (!failure.askCaller().isEmpty()) {
                    out.append(",\"ask_caller\":");
                    string(out, failure.askCaller());
                }
                out.append('}');
            }
        }
        return out.toString();
    }

    /** A map of JSON-like values as one JSON object, in the map's order. */
    public static String of(Map<?, ?> values) {
        var out = new StringBuilder(128);
        object(out, values);
        return out.toString();
    }

    private static void value(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String text -> string(out, text);
            case Boolean flag -> out.append(flag);
            case Long number -> out.append(number);
            case Integer number -> out.append(number);
            case Short number -> out.append(number);
            case Byte number -> out.append(number);
            case BigInteger number -> out.append(number);
            case BigDecimal number -> out.append(number);
            case Double number -> finite(out, number);
            case Float number -> finite(out, number.doubleValue());
            case Optional<?> optional -> value(out, optional.orElse(null));
            case Map<?, ?> map -> object(out, map);
            case Collection<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(out, item);
                }
                out.append(']');
            }
            default -> string(out, value.toString());
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, String.valueOf(entry.getKey()));
            out.append(':');
            value(out, entry.getValue());
        }
        out.append('}');
    }

    private static void finite(StringBuilder out, double number) {
        if (Double.isFinite(number)) {
            out.append(number);
        } else {
            string(out, Double.toString(number));
        }
    }

    /** A JSON string: quotes, backslashes, control characters and half surrogate pairs escaped. */
    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
                    boolean pairedLow = Character.isLowSurrogate(c) && i > 0
                            && Character.isHighSurrogate(text.charAt(i - 1));
                    if (c < 0x20 || (Character.isSurrogate(c) && !pairedHigh && !pairedLow)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
