package org.pharmacyvoice.domain.counter;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.pharmacy.DrugName;

/** Suggestions for drug names that speech recognition got slightly wrong. */
class SpellingSuggestionsTest {

    private static final List<DrugName> NAMES = List.of(
            new DrugName(1, "ibuprofen"), new DrugName(1, "Advil"), new DrugName(1, "Motrin"),
            new DrugName(2, "acetaminophen"), new DrugName(2, "Tylenol"),
            new DrugName(3, "Zyrtec"), new DrugName(4, "Zantac"), new DrugName(5, "Pepto-Bismol"),
            new DrugName(6, "Wellbutrin"), new DrugName(6, "Wellbutrin XL"));

    @Test
    void editDistanceCountsSingleLetterChanges() {
        assertThat(DrugNames.editDistance("ibuprofin", "ibuprofen"), is(1));
        assertThat(DrugNames.editDistance("asprin", "aspirin"), is(1));
        assertThat(DrugNames.editDistance("kitten", "sitting"), is(3));
        assertThat(DrugNames.editDistance("", "abc"), is(3));
    }

    @Test
    void closeMisspellingSuggestsTheRealName() {
        assertThat(SpellingSuggestions.closestTo("ibuprofin", NAMES), contains("ibuprofen"));
        assertThat(SpellingSuggestions.closestTo("motrim", NAMES), contains("Motrin"));
    }

    @Test
    void closestNamesComeFirstAndEachDrugOnlyOnce() {
        assertThat(SpellingSuggestions.closestTo("Zyntac", NAMES), contains("Zantac", "Zyrtec"));
        assertThat(SpellingSuggestions.closestTo("welbutrin", NAMES), contains("Wellbutrin"));
    }

    @Test
    void nameSaidWithExtraWordsIsSuggested() {
        assertThat(SpellingSuggestions.closestTo("Pepto Bismol liquid", NAMES), contains("Pepto-Bismol"));
        assertThat(SpellingSuggestions.closestTo("ibuprofen 200 milligrams", NAMES), contains("ibuprofen"));
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertThat(SpellingSuggestions.closestTo("unobtainium", NAMES), is(empty()));
        assertThat(SpellingSuggestions.closestTo("xyz", NAMES), is(empty()));
    }

    @Test
    void atMostThreeSuggestions() {
        var many = List.of(new DrugName(1, "abcd1"), new DrugName(2, "abcd2"), new DrugName(3, "abcd3"),
                new DrugName(4, "abcd4"));

        assertThat(SpellingSuggestions.closestTo("abcd", many), contains("abcd1", "abcd2", "abcd3"));
    }
}
