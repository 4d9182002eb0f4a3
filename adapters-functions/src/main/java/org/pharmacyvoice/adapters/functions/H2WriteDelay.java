package org.pharmacyvoice.adapters.functions;

import java.util.Arrays;
import java.util.Locale;

/**
 * H2 keeps a commit in memory for up to WRITE_DELAY (500 ms by default) before writing it to the file, so a crash
 * right after an order was confirmed lost it; with WRITE_DELAY=0 each commit is written before it returns. Added to
 * H2 urls that don't choose a delay of their own; an operator who sets one keeps it (and is warned at start-up).
 */
final class H2WriteDelay {

    static final String WRITE_ON_COMMIT = "WRITE_DELAY=0";

    private H2WriteDelay() {
    }

    /** The url with {@code ;WRITE_DELAY=0} added when it is an H2 url (not in memory) without a WRITE_DELAY. */
    static String writeOnCommit(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || choosesWriteDelay(url)) {
            return url;
        }
        return url + ";" + WRITE_ON_COMMIT;
    }

    /** Whether one of the url's ";KEY=VALUE" options is WRITE_DELAY (H2 reads option names in any case). */
    static boolean choosesWriteDelay(String url) {
        return Arrays.stream(url.split(";"))
                .skip(1)
                .map(option -> option.split("=", 2)[0].strip())
                .anyMatch(name -> name.equalsIgnoreCase("WRITE_DELAY"));
    }
}
