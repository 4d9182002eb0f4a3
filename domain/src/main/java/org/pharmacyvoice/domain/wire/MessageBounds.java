package org.pharmacyvoice.domain.wire;

/**
 * The bounds every JSON message from a peer (Twilio's media stream, the voice agent, a tool call's arguments) must
 * keep before any parser builds anything from it: names the first shape that none of their messages has and that
 * would hurt a parser or what comes after it, or that a parser would silently ignore (text after the first value).
 * Parsson 1.1.6, for one, answers some of these shapes with unchecked exceptions instead of a {@code JsonException}
 * (nesting past 1,000 levels: a plain {@code RuntimeException}; a number of more than 1,100 characters:
 * {@code UnsupportedOperationException}; an exponent past the int range: {@code NumberFormatException}), and accepts
 * others ({@code 1e999999999}, an escaped NUL, half a surrogate pair).
 *
 * <p>One pass over the text, no recursion, no allocation. It does not validate JSON: the adapter's parser does that
 * afterwards. One rule for both sockets, so both adapters refuse the same shapes for the same reasons.
 */
public final class MessageBounds {

    /**
     * Twilio's messages nest three levels deep, Deepgram's four, our tools' arguments two; thirty-two is generous and
     * keeps every walk of the tree shallow.
     */
    public static final int MAX_DEPTH = 32;
    /** Longer than any long or double needs (a double's shortest exact spelling is at most 24 characters). */
    public static final int MAX_NUMBER_CHARS = 40;
    /** An exponent of at most 999: {@code 1e999999999} is one short literal but a number nobody can work with. */
    public static final int MAX_EXPONENT_DIGITS = 3;

    private static final int NUL = -1;
    private static final int HALF_SURROGATE = -2;

    private MessageBounds() {
    }

    /** Why {@code text} must not be parsed, or null when nothing in it is out of bounds. */
    public static String problem(String text) {
        int n = text.length();
        int depth = 0;
        boolean closed = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (closed && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return "text after the JSON value";
            }
            if (c == '"') {
                i = afterString(text, i + 1);
                if (i == NUL) {
                    return "a NUL character in a string";
                }
                if (i == HALF_SURROGATE) {
                    return "half a surrogate pair in a string";
                }
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    return "nested deeper than " + MAX_DEPTH + " levels";
                }
                i++;
            } else if (c == '}' || c == ']') {
                // Never below zero: stray closers (malformed anyway) must not buy room for deeper nesting.
                depth = Math.max(0, depth - 1);
                closed = depth == 0;
                i++;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                int start = i;
                int exponentDigits = -1;
                while (i < n && isNumberChar(c = text.charAt(i))) {
                    if (c == 'e' || c == 'E') {
                        exponentDigits = 0;
                    } else if (exponentDigits >= 0 && c >= '0' && c <= '9') {
                        exponentDigits++;
                    }
                    i++;
                }
                if (i - start > MAX_NUMBER_CHARS) {
                    return "a number of more than " + MAX_NUMBER_CHARS + " characters";
                }
                if (exponentDigits > MAX_EXPONENT_DIGITS) {
                    return "a number with an exponent of more than " + MAX_EXPONENT_DIGITS + " digits";
                }
            } else {
                i++;
            }
        }
        return null;
    }

    /**
     * From just inside a string's opening quote: the index after its closing quote (the text's length when it has
     * none, which JSON-P then reports), or {@link #NUL} or {@link #HALF_SURROGATE}. A surrogate pair counts only
     * when both halves are written the same way: two characters, or two {@code \\u} escapes.
     */
    private static int afterString(String text, int i) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                int escaped = escapedUnit(text, i);
                if (escaped < 0) {
                    i += 2;
                    continue;
                }
                if (escaped == 0) {
                    return NUL;
                }
                if (Character.isLowSurrogate((char) escaped)) {
                    return HALF_SURROGATE;
                }
                if (Character.isHighSurrogate((char) escaped)) {
                    int low = escapedUnit(text, i + 6);
                    if (low < 0 || !Character.isLowSurrogate((char) low)) {
                        return HALF_SURROGATE;
                    }
                    i += 12;
                } else {
                    i += 6;
                }
                continue;
            }
            if (c == 0) {
                return NUL;
            }
            if (Character.isLowSurrogate(c)) {
                return HALF_SURROGATE;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return HALF_SURROGATE;
                }
                i++;
            }
            i++;
        }
        return n;
    }

    /** The UTF-16 unit a {@code \\uXXXX} escape at {@code i} stands for; -1 when there is no such escape there. */
    private static int escapedUnit(String text, int i) {
        if (i + 5 >= text.length() || text.charAt(i) != '\\' || text.charAt(i + 1) != 'u') {
            return -1;
        }
        int unit = 0;
        for (int k = i + 2; k < i + 6; k++) {
            char c = text.charAt(k);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }

    private static boolean isNumberChar(char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }
}
