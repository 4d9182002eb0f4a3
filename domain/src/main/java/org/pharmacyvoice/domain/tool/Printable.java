package org.pharmacyvoice.domain.tool;

/** Text the agent sent, made fit for one log line or a spoken answer: clipped, control characters shown as {@code ?}. */
final class Printable {

    private Printable() {
    }

    /** At most {@code max} characters of {@code text} (then {@code ...}), each control character as {@code ?}. */
    static String of(String text, int max) {
        String clipped = text.length() <= max ? text : text.substring(0, max) + "...";
        var out = new StringBuilder(clipped.length());
        for (int i = 0; i < clipped.length(); i++) {
            char c = clipped.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
