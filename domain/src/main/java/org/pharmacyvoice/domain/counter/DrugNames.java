package org.pharmacyvoice.domain.counter;

import java.util.Locale;

/** How drug names are compared: as heard on the phone, case, spaces and hyphens don't matter. */
final class DrugNames {

    private DrugNames() {
    }

    /** "Toprol-XL", "toprol xl" and "TOPROL XL" all become "toprolxl". */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** Lower-case words separated by single spaces: "Children's  Motrin" becomes "children s motrin". */
    static String words(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** The number of single-letter insertions, deletions and substitutions that turn one text into the other. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
