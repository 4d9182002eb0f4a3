package org.pharmacyvoice.adapters.twilio;

import java.util.Arrays;

/**
 * Reads Twilio's {@code media} message — fifty a second on every call — straight from its text: no JSON tree, no
 * intermediate strings, one array for the audio. It takes only the plain shape Twilio sends: one object whose
 * members are strings without escapes, except {@code media}, an object of such strings, with the payload in strict
 * base64. For anything else — another event, an escape, a number, a duplicate key, odd base64, malformed text —
 * it answers {@code null} and {@link TwilioEventReader} reads the message with JSON-P as before, so every message
 * gets exactly the answer (event or error) it always got.
 *
 * <p>Duplicate keys matter beyond speed: JSON-P refuses a message that has any, so this path must never take one.
 * Keys it reads are checked by name. Any other key is only checked by length, one bit per length: two such keys
 * of one length in one object send the message to JSON-P, which tells a duplicate from two different keys. Twilio's
 * own ({@code sequenceNumber}; {@code chunk}, {@code timestamp}) differ in length, so its messages stay here. (Keys
 * of 64 characters or more share bits with shorter ones: at worst such a message, too, goes to JSON-P.)
 */
final class MediaFastPath {

    private static final String MEDIA = "media";
    private static final String INBOUND = "inbound";
    private static final int[] BASE64 = base64Alphabet();

    private MediaFastPath() {
    }

    /**
     * The media event, or null when this is not a plain media message; {@code knownStreamSid} (may be null) is
     * returned instead of a copy when the message names that stream.
     */
    static TwilioEvent.Media read(String text, String knownStreamSid) {
        int n = text.length();
        int i = skipSpace(text, 0);
        if (i >= n || text.charAt(i) != '{') {
            return null;
        }
        int eventAt = -1;
        int eventEnd = -1;
        int streamAt = -1;
        int streamEnd = -1;
        int trackAt = -1;
        int trackEnd = -1;
        int payloadAt = -1;
        int payloadEnd = -1;
        boolean mediaSeen = false;
        long otherKeyLengths = 0;
        long otherMediaKeyLengths = 0;
        i = skipSpace(text, i + 1);
        while (true) {
            int keyAt = i + 1;
            int keyEnd = plainString(text, i);
            if (keyEnd < 0) {
                return null;
            }
            i = skipSpace(text, keyEnd + 1);
            if (i >= n || text.charAt(i) != ':') {
                return null;
            }
            i = skipSpace(text, i + 1);
            if (is(text, keyAt, keyEnd, MEDIA)) {
                if (mediaSeen || i >= n || text.charAt(i) != '{') {
                    return null;
                }
                mediaSeen = true;
                i = skipSpace(text, i + 1);
                while (true) {
                    int nameAt = i + 1;
                    int nameEnd = plainString(text, i);
                    if (nameEnd < 0) {
                        return null;
                    }
                    i = skipSpace(text, nameEnd + 1);
                    if (i >= n || text.charAt(i) != ':') {
                        return null;
                    }
                    i = skipSpace(text, i + 1);
                    boolean payload = is(text, nameAt, nameEnd, "payload");
                    int valueAt = i + 1;
                    // The payload's characters are checked where they are decoded: any that isn't base64 (a
                    // backslash, say) sends the message to JSON-P. So a fast search for its end is enough.
                    int valueEnd = payload ? quoteAfter(text, i) : plainString(text, i);
                    if (valueEnd < 0) {
                        return null;
                    }
                    if (payload) {
                        if (payloadAt >= 0) {
                            return null;
                        }
                        payloadAt = valueAt;
                        payloadEnd = valueEnd;
                    } else if (is(text, nameAt, nameEnd, "track")) {
                        if (trackAt >= 0) {
                            return null;
                        }
                        trackAt = valueAt;
                        trackEnd = valueEnd;
                    } else {
                        long length = 1L << (nameEnd - nameAt);
                        if ((otherMediaKeyLengths & length) != 0) {
                            return null;
                        }
                        otherMediaKeyLengths |= length;
                    }
                    int separator = separatorAfter(text, valueEnd + 1);
                    if (separator < 0) {
                        return null;
                    }
                    i = skipSpace(text, separator + 1);
                    if (text.charAt(separator) == '}') {
                        break;
                    }
                }
            } else {
                int valueAt = i + 1;
                int valueEnd = plainString(text, i);
                if (valueEnd < 0) {
                    return null;
                }
                if (is(text, keyAt, keyEnd, "event")) {
                    if (eventAt >= 0) {
                        return null;
                    }
                    eventAt = valueAt;
                    eventEnd = valueEnd;
                } else if (is(text, keyAt, keyEnd, "streamSid")) {
                    if (streamAt >= 0) {
                        return null;
                    }
                    streamAt = valueAt;
                    streamEnd = valueEnd;
                } else {
                    long length = 1L << (keyEnd - keyAt);
                    if ((otherKeyLengths & length) != 0) {
                        return null;
                    }
                    otherKeyLengths |= length;
                }
                i = valueEnd + 1;
            }
            int separator = separatorAfter(text, i);
            if (separator < 0) {
                return null;
            }
            i = skipSpace(text, separator + 1);
            if (text.charAt(separator) == '}') {
                break;
            }
        }
        if (i != n || eventAt < 0 || !is(text, eventAt, eventEnd, MEDIA) || payloadAt < 0) {
            return null;
        }
        byte[] audio = decodeBase64(text, payloadAt, payloadEnd);
        if (audio == null) {
            return null;
        }
        String streamSid = streamAt < 0 ? null
                : knownStreamSid != null && is(text, streamAt, streamEnd, knownStreamSid) ? knownStreamSid
                : text.substring(streamAt, streamEnd);
        String track = trackAt < 0 || is(text, trackAt, trackEnd, INBOUND) ? INBOUND
                : text.substring(trackAt, trackEnd);
        return new TwilioEvent.Media(streamSid, track, audio);
    }

    /**
     * After a member's value: the index of the {@code ,} (more members follow) or {@code }} (the object ends) that
     * comes next, past whitespace; -1 for anything else.
     */
    private static int separatorAfter(String text, int i) {
        int at = skipSpace(text, i);
        return at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '}') ? at : -1;
    }

    /** Past JSON whitespace: space, tab, line feed, carriage return. */
    private static int skipSpace(String text, int i) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * When a string starts at {@code i}, the index of its closing quote; -1 unless it is plain: printable ASCII, no
     * escapes (anything else is left to JSON-P, which knows every rule).
     */
    private static int plainString(String text, int i) {
        int n = text.length();
        if (i >= n || text.charAt(i) != '"') {
            return -1;
        }
        for (int j = i + 1; j < n; j++) {
            char c = text.charAt(j);
            if (c == '"') {
                return j;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** When a string starts at {@code i}, the index of the next quote, escaped or not; else -1. */
    private static int quoteAfter(String text, int i) {
        return i < text.length() && text.charAt(i) == '"' ? text.indexOf('"', i + 1) : -1;
    }

    private static boolean is(String text, int from, int to, String expected) {
        return to - from == expected.length() && text.startsWith(expected, from);
    }

    /**
     * Strict base64 (length a multiple of four, padding only at the end), decoded as {@code Base64.getDecoder()}
     * decodes it; null for anything else, which the JSON-P path then judges.
     */
    static byte[] decodeBase64(String text, int from, int to) {
        int length = to - from;
        if (length == 0 || (length & 3) != 0) {
            return null;
        }
        int padding = text.charAt(to - 1) != '=' ? 0 : text.charAt(to - 2) != '=' ? 1 : 2;
        byte[] out = new byte[length / 4 * 3 - padding];
        int o = 0;
        int fullQuads = (padding == 0 ? length : length - 4) / 4;
        int i = from;
        for (int q = 0; q < fullQuads; q++, i += 4) {
            int a = sextet(text.charAt(i));
            int b = sextet(text.charAt(i + 1));
            int c = sextet(text.charAt(i + 2));
            int d = sextet(text.charAt(i + 3));
            if ((a | b | c | d) < 0) {
                return null;
            }
            int bits = a << 18 | b << 12 | c << 6 | d;
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
        }
        if (padding > 0) {
            int a = sextet(text.charAt(i));
            int b = sextet(text.charAt(i + 1));
            int c = padding == 1 ? sextet(text.charAt(i + 2)) : 0;
            if ((a | b | c) < 0) {
                return null;
            }
            int bits = a << 18 | b << 12 | c << 6;
            out[o++] = (byte) (bits >> 16);
            if (padding == 1) {
                out[o] = (byte) (bits >> 8);
            }
        }
        return out;
    }

    /** The six bits a base64 character stands for, or -1. */
    private static int sextet(char c) {
        return c < 128 ? BASE64[c] : -1;
    }

    private static int[] base64Alphabet() {
        int[] table = new int[128];
        Arrays.fill(table, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            table[alphabet.charAt(i)] = i;
        }
        return table;
    }
}
