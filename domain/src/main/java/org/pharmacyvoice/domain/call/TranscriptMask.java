package org.pharmacyvoice.domain.call;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hides patient data in what the call record keeps of a conversation: numbers of three digits or more (Rx numbers,
 * years, phone numbers, dates like 3/3/61), spoken numbers of two words or more ("nineteen sixty one"), a month
 * with its day ("March third"), the drugs of the formulary, and the names callers gave on this call. The agent hears
 * everything as said; only the record is masked. Over-masking is the safe side: "one or two tablets" is hidden too.
 */
public final class TranscriptMask {

    /** Stands in for what is hidden. */
    public static final String HIDDEN = "•••";

    private static final String NUMBER_WORD = "(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
            + "|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
            + "|seventy|eighty|ninety|hundred|thousand|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
            + "|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
            + "|twentieth|thirtieth|double|triple)";
    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final Pattern DIGITS = Pattern.compile("\\d(?:[\\d\\s./-]*\\d)?");
    private static final Pattern SPOKEN_NUMBERS = Pattern.compile(
            "\\b" + NUMBER_WORD + "(?:[\\s,-]+(?:and\\s+)?" + NUMBER_WORD + ")+\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_AND_DAY = Pattern.compile(
            "\\b" + MONTH + "\\s+(?:the\\s+)?(?:\\d{1,2}(?:st|nd|rd|th)?|" + NUMBER_WORD + "(?:[\\s-]+" + NUMBER_WORD
                    + ")*)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern DAY_OF_MONTH = Pattern.compile(
            "\\b(?:the\\s+)?(?:\\d{1,2}(?:st|nd|rd|th)?|" + NUMBER_WORD + "(?:[\\s-]+" + NUMBER_WORD + ")*)\\s+of\\s+"
                    + MONTH + "(?![\\p{L}])", Pattern.CASE_INSENSITIVE);

    private final Pattern terms;

    /** A mask that also hides these terms wherever they appear (the formulary's generic and brand names). */
    public TranscriptMask(Collection<String> sensitiveTerms) {
        this.terms = wordsPattern(sensitiveTerms);
    }

    /** Numbers, dates and names only: for a server with no formulary at hand. */
    public static TranscriptMask numbersAndNames() {
        return new TranscriptMask(List.of());
    }

    /** {@code text} with numbers, dates, drugs and {@code names} (words callers gave as their name) hidden. */
    public String mask(String text, Set<String> names) {
        String masked = DAY_OF_MONTH.matcher(text).replaceAll(HIDDEN);
        masked = MONTH_AND_DAY.matcher(masked).replaceAll(HIDDEN);
        masked = SPOKEN_NUMBERS.matcher(masked).replaceAll(HIDDEN);
        masked = replaceDigitRuns(masked);
        if (terms != null) {
            masked = terms.matcher(masked).replaceAll(HIDDEN);
        }
        Pattern heard = wordsPattern(names.stream().filter(name -> name.length() >= 2).toList());
        return heard == null ? masked : heard.matcher(masked).replaceAll(HIDDEN);
    }

    /** Runs of three digits or more; "2 tablets" and "10 mg" stay readable. */
    private static String replaceDigitRuns(String text) {
        Matcher m = DIGITS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            m.appendReplacement(out, digits >= 3 ? HIDDEN : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Pattern wordsPattern(Collection<String> words) {
        List<String> usable = words.stream().map(String::strip).filter(word -> !word.isEmpty())
                .map(word -> word.toLowerCase(Locale.ROOT)).distinct()
                // Longest first, so "insulin glargine" is hidden whole rather than "insulin" alone.
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        if (usable.isEmpty()) {
            return null;
        }
        return Pattern.compile(usable.stream().map(Pattern::quote).collect(Collectors.joining("|", "(?<![\\p{L}])(?:",
                ")(?![\\p{L}])")), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public String toString() {
        return "TranscriptMask" + (terms == null ? "" : "(" + Objects.hashCode(terms.pattern()) + ")");
    }
}
