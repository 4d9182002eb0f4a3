package org.pharmacyvoice.domain.tool;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments the agent passed to a tool, already read from JSON by the agent adapter.
 *
 * <p>Values are {@link String}, {@link Long} (whole numbers), {@link BigDecimal} (other numbers), {@link Boolean},
 * {@code null}, {@link java.util.List} or {@link Map} of those. Accessors assume the arguments were checked
 * against the tool's {@link ToolSpec}, which the domain does before a tool runs.
 */
public record ToolArguments(Map<String, Object> values) {

    public ToolArguments {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Arguments from name/value pairs, for tests and tools calling tools. */
    public static ToolArguments of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            map.put((String) namesAndValues[i], value instanceof Integer n ? Long.valueOf(n) : value);
        }
        return new ToolArguments(map);
    }

    /** A required text argument. */
    public String text(String name) {
        return optionalText(name).orElseThrow(() -> new IllegalArgumentException("missing argument " + name));
    }

    /** A text argument the agent may have left out (absent or null). */
    public Optional<String> optionalText(String name) {
        return Optional.ofNullable(values.get(name)).map(Object::toString);
    }

    /** A required whole-number argument. */
    public long integer(String name) {
        return optionalInteger(name).orElseThrow(() -> new IllegalArgumentException("missing argument " + name));
    }

    /** A whole-number argument the agent may have left out. */
    public Optional<Long> optionalInteger(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Long l) {
            return Optional.of(l);
        }
        if (value instanceof BigDecimal d) {
            return Optional.of(d.longValueExact());
        }
        throw new IllegalArgumentException("argument " + name + " is not a whole number: " + value);
    }

    /** A yes/no argument the agent may have left out. */
    public Optional<Boolean> optionalFlag(String name) {
        return Optional.ofNullable(values.get(name)).map(Boolean.class::cast);
    }
}
