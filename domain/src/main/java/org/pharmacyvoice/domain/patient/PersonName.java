package org.pharmacyvoice.domain.patient;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A name as a caller says it, compared the way a person at the counter would: case, accents, punctuation and extra
 * spaces do not matter, a middle name may be given or left out, and first and last name may come in either order
 * ("Smith, John"). Every word of the patient's first and last name must be there; a nickname is not enough.
 */
public final class PersonName {

    private final List<String> words;

    private PersonName(List<String> words) {
        this.words = words;
    }

    public static PersonName of(String said) {
        String plain = Normalizer.normalize(said == null ? "" : said, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]+", " ")
                .strip();
        return new PersonName(plain.isEmpty() ? List.of() : Arrays.asList(plain.split(" ")));
    }

    /** Whether this is the patient's name: all words of their first and last name, in any order, and little else. */
    public boolean names(Patient patient) {
        List<String> needed = new ArrayList<>(of(patient.firstName()).words);
        needed.addAll(of(patient.lastName()).words);
        if (needed.isEmpty() || words.isEmpty()) {
            return false;
        }
        // At most two words more than needed (middle names, "junior"): a list of many names must not match anyone.
        return words.containsAll(needed) && words.size() <= needed.size() + 2;
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** The words, for masking the name where it was heard. */
    public List<String> words() {
        return List.copyOf(words);
    }
}
