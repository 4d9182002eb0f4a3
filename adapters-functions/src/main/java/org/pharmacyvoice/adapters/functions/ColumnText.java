package org.pharmacyvoice.adapters.functions;

/**
 * Text as a column can take it: whatever a peer sent (Twilio, the agent), a value never fails a write for its length
 * or for a character PostgreSQL refuses.
 */
final class ColumnText {

    private ColumnText() {
    }

    /** At most {@code max} characters, and no NUL, which PostgreSQL refuses in text (H2 takes it). */
    static String clip(String text, int max) {
        String clipped = text.length() <= max ? text : text.substring(0, max);
        return clipped.indexOf('\0') < 0 ? clipped : clipped.replace("\0", "");
    }
}
