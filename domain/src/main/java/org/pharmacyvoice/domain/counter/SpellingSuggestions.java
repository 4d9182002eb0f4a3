package org.pharmacyvoice.domain.counter;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.domain.pharmacy.DrugName;

/**
 * Proposes formulary names for a name that matched none, because speech recognition often gets drug names
 * slightly wrong ("ibuprofin", "amoxicilin") or adds words ("Tylenol extra strength").
 */
final class SpellingSuggestions {

    static final int MAX_SUGGESTIONS = 3;
    private static final int MAX_EDITS = 5;

    private record Candidate(DrugName name, int distance) {
    }

    private SpellingSuggestions() {
    }

    /** Up to three names, closest first, at most one per drug; empty when nothing is close. */
    static List<String> closestTo(String heard, List<DrugName> names) {
        String heardKey = DrugNames.key(heard);
        String heardWords = " " + DrugNames.words(heard) + " ";
        int allowedEdits = Math.max(1, Math.min(MAX_EDITS, heardKey.length() / 3));
        Map<Long, Candidate> closestPerDrug = new HashMap<>();
        for (DrugName name : names) {
            String nameKey = DrugNames.key(name.name());
            // A name said with extra words around it ("ibuprofen 200 milligrams") counts as closest of all.
            int distance = heardWords.contains(" " + DrugNames.words(name.name()) + " ")
                    ? 0
                    : DrugNames.editDistance(heardKey, nameKey);
            if (distance > allowedEdits) {
                continue;
            }
            closestPerDrug.merge(name.drugId(), new Candidate(name, distance),
                    (kept, other) -> other.distance() < kept.distance() ? other : kept);
        }
        return closestPerDrug.values().stream()
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(c -> c.name().name()))
                .limit(MAX_SUGGESTIONS)
                .map(candidate -> candidate.name().name())
                .toList();
    }
}
