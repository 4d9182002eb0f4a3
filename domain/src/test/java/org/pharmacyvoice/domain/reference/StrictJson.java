package org.pharmacyvoice.domain.reference;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fuzz tests' independent judge of a message's JSON: a small recursive-descent reader written from RFC 8259 and
 * the bounds both adapters document (at most 32 levels, number literals of at most 40 characters with at most 3
 * exponent digits, no NUL, surrogate pairs written as two characters or two escapes, no duplicate keys, nothing after
 * the value). It shares no code with the adapters' readers, so when the two disagree, one of them is wrong.
 *
 * <p>Objects read as {@link LinkedHashMap}, arrays as {@link List}, strings as {@link String}, numbers as
 * {@link Number} (the literal as written), {@code true}/{@code false} as {@link Boolean}, {@code null} as
 * {@link #NULL}.
 */
public final class StrictJson {

    public static final int MAX_DEPTH = 32;
    public static final int MAX_NUMBER_CHARS = 40;
    public static final int MAX_EXPONENT_DIGITS = 3;

    /** JSON's {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A number, as its literal was written. */
    public record Number(String literal) {
        public BigDecimal value() {
            return new BigDecimal(literal);
        }
    }

    private final String text;
    private int at;

    private StrictJson(String text) {
        this.text = text;
    }

    private static final class Invalid extends Exception {
        Invalid() {
            super(null, null, false, false);
        }
    }

    /** The one value {@code text} holds, or empty when it is not valid JSON within the bounds. */
    public static Optional<Object> parse(String text) {
        var reader = new StrictJson(text);
        try {
            Object value = reader.value(1);
            reader.space();
            return reader.at == text.length() ? Optional.of(value) : Optional.empty();
        } catch (Invalid e) {
            return Optional.empty();
        }
    }

    /** {@code value} written as compact JSON, members in their order, non-ASCII as it is. */
    public static String write(Object value) {
        var out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case Map<?, ?> object -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> member : object.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString((String) member.getKey(), out);
                    out.append(':');
                    write(member.getValue(), out);
                }
                out.append('}');
            }
            case List<?> array -> {
                out.append('[');
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(array.get(i), out);
                }
                out.append(']');
            }
            case String string -> writeString(string, out);
            case Number number -> out.append(number.literal());
            default -> out.append(value);
        }
    }

    private static void writeString(String string, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private Object value(int depth) throws Invalid {
        space();
        if (at >= text.length()) {
            throw new Invalid();
        }
        char c = text.charAt(at);
        if (c == '{' || c == '[') {
            if (depth > MAX_DEPTH) {
                throw new Invalid();
            }
            return c == '{' ? object(depth) : array(depth);
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        for (String word : List.of("true", "false", "null")) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? NULL : Boolean.valueOf(word);
            }
        }
        throw new Invalid();
    }

    private Map<String, Object> object(int depth) throws Invalid {
        at++;
        var members = new LinkedHashMap<String, Object>();
        space();
        if (take('}')) {
            return members;
        }
        do {
            space();
            if (at >= text.length() || text.charAt(at) != '"') {
                throw new Invalid();
            }
            String key = string();
            space();
            if (!take(':')) {
                throw new Invalid();
            }
            Object value = value(depth + 1);
            if (members.containsKey(key)) {
                throw new Invalid();
            }
            members.put(key, value);
            space();
        } while (take(','));
        if (!take('}')) {
            throw new Invalid();
        }
        return members;
    }

    private List<Object> array(int depth) throws Invalid {
        at++;
        var items = new ArrayList<Object>();
        space();
        if (take(']')) {
            return Collections.unmodifiableList(items);
        }
        do {
            items.add(value(depth + 1));
            space();
        } while (take(','));
        if (!take(']')) {
            throw new Invalid();
        }
        return Collections.unmodifiableList(items);
    }

    private String string() throws Invalid {
        at++;
        var out = new StringBuilder();
        // How the previous UTF-16 unit was written, to hold surrogate pairs to one spelling.
        boolean previousHighEscaped = false;
        boolean previousHighRaw = false;
        while (true) {
            if (at >= text.length()) {
                throw new Invalid();
            }
            char c = text.charAt(at++);
            if (c == '"') {
                if (previousHighEscaped || previousHighRaw) {
                    throw new Invalid();
                }
                return out.toString();
            }
            boolean escaped = c == '\\';
            char unit;
            if (escaped) {
                if (at >= text.length()) {
                    throw new Invalid();
                }
                char e = text.charAt(at++);
                unit = switch (e) {
                    case '"', '\\', '/' -> e;
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> hex4();
                    default -> throw new Invalid();
                };
            } else if (c < 0x20) {
                throw new Invalid();
            } else {
                unit = c;
            }
            if (unit == 0) {
                throw new Invalid();
            }
            boolean low = Character.isLowSurrogate(unit);
            if (previousHighEscaped || previousHighRaw) {
                if (!low || previousHighEscaped != escaped) {
                    throw new Invalid();
                }
                previousHighEscaped = false;
                previousHighRaw = false;
            } else if (low) {
                throw new Invalid();
            } else if (Character.isHighSurrogate(unit)) {
                previousHighEscaped = escaped;
                previousHighRaw = !escaped;
            }
            out.append(unit);
        }
    }

    private char hex4() throws Invalid {
        if (at + 4 > text.length()) {
            throw new Invalid();
        }
        int unit = 0;
        for (int i = 0; i < 4; i++) {
            char h = text.charAt(at++);
            int digit = "0123456789abcdef".indexOf(h < 128 ? Character.toLowerCase(h) : 'x');
            if (digit < 0) {
                throw new Invalid();
            }
            unit = unit * 16 + digit;
        }
        return (char) unit;
    }

    private Number number() throws Invalid {
        int start = at;
        take('-');
        if (take('0')) {
            // a leading zero stands alone
        } else if (!digits()) {
            throw new Invalid();
        }
        if (take('.') && !digits()) {
            throw new Invalid();
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            int exponentStart = at;
            if (!digits()) {
                throw new Invalid();
            }
            if (at - exponentStart > MAX_EXPONENT_DIGITS) {
                throw new Invalid();
            }
        }
        if (at - start > MAX_NUMBER_CHARS) {
            throw new Invalid();
        }
        return new Number(text.substring(start, at));
    }

    /** One or more digits; false (and nothing taken) when none comes. */
    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void space() {
        while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }
}
