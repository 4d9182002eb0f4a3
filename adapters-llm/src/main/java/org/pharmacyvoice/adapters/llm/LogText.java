package org.pharmacyvoice.adapters.llm;

/** Text from the service made fit for a log line and a {@code Failed} event: short, and one line. */
final class LogText {

    /** Longer than any error message a provider writes for a bad request; short enough for a log line. */
    static final int MAX_CHARS = 200;

    private LogText() {
    }

    /** At most {@link #MAX_CHARS} characters, each control character as {@code ?}. */
    static String fit(String text) {
        String clipped = text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
        var out = new StringBuilder(clipped.length());
        for (int i = 0; i < clipped.length(); i++) {
            char c = clipped.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
