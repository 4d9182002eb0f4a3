package org.pharmacyvoice.domain.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts the language model's streamed text into sentences as they complete, so that the first sentence is being
 * spoken while the model still writes the next. A sentence ends at '.', '!' or '?' followed by a space or a line
 * break (not after a title such as "Dr."), or at a line break; a run with no end in sight is cut at its last comma
 * or space once it is long, because a caller waiting for a very long sentence hears nothing meanwhile.
 */
final class SpokenSentences {

    /** Past this many characters without a sentence end, the text is cut anyway. */
    static final int LONGEST = 240;
    private static final Set<String> TITLES = Set.of("dr", "mr", "mrs", "ms", "st", "no", "vs", "e.g", "i.e", "etc",
            "approx", "mg", "ml");

    private final StringBuilder pending = new StringBuilder();

    /** Adds written text; returns the sentences it completed, trimmed, in order (often none). */
    List<String> add(String text) {
        pending.append(text);
        var done = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < pending.length(); i++) {
            char c = pending.charAt(i);
            boolean lineBreak = c == '\n';
            boolean stop = (c == '.' || c == '!' || c == '?') && i + 1 < pending.length()
                    && Character.isWhitespace(pending.charAt(i + 1)) && !(c == '.' && afterTitle(start, i));
            if (lineBreak || stop) {
                addTrimmed(done, pending.substring(start, i + 1));
                start = i + 1;
            } else if (i - start + 1 >= LONGEST) {
                int cut = lastBreak(start, i);
                addTrimmed(done, pending.substring(start, cut));
                start = cut;
            }
        }
        pending.delete(0, start);
        return done;
    }

    /** Whatever is left once the model has finished, as the last sentence (empty when nothing is left). */
    String rest() {
        String rest = pending.toString().strip();
        pending.setLength(0);
        return rest;
    }

    private boolean afterTitle(int start, int dot) {
        int from = dot;
        while (from > start && !Character.isWhitespace(pending.charAt(from - 1))) {
            from--;
        }
        return TITLES.contains(pending.substring(from, dot).toLowerCase(Locale.ROOT));
    }

    private int lastBreak(int start, int end) {
        for (int i = end; i > start + LONGEST / 2; i--) {
            if (pending.charAt(i) == ',') {
                return i + 1;
            }
        }
        for (int i = end; i > start; i--) {
            if (Character.isWhitespace(pending.charAt(i))) {
                return i + 1;
            }
        }
        return end + 1;
    }

    private static void addTrimmed(List<String> sentences, String sentence) {
        String trimmed = sentence.strip();
        if (!trimmed.isEmpty()) {
            sentences.add(trimmed);
        }
    }
}
