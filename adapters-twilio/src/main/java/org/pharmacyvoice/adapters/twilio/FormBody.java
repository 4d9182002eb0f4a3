package org.pharmacyvoice.adapters.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} body or query string, keeping repeated names: Twilio signs every
 * value, so a plain map would lose some.
 */
record FormBody(Map<String, List<String>> values) {

    /**
     * The parameters, or nothing when there are more than {@code maxParameters}: they are counted before any is
     * decoded, so an oversized form costs no more than one pass over its text.
     */
    static Optional<FormBody> parse(String encoded, int maxParameters) {
        var values = new LinkedHashMap<String, List<String>>();
        if (encoded != null && !encoded.isEmpty()) {
            if (count(encoded) > maxParameters) {
                return Optional.empty();
            }
            for (String pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return Optional.of(new FormBody(values));
    }

    Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    /** The non-empty name=value pairs, as {@link #parse} counts them. */
    private static int count(String encoded) {
        int pairs = 0;
        int start = 0;
        while (start <= encoded.length()) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            if (end > start) {
                pairs++;
            }
            start = end + 1;
        }
        return pairs;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed %-escape: keep the raw text rather than reject the call
        }
    }
}
