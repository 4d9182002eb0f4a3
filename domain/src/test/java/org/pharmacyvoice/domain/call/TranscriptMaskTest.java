package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the call record keeps of what was said. */
class TranscriptMaskTest {

    private final TranscriptMask mask = new TranscriptMask(List.of("atorvastatin", "Lipitor", "insulin glargine",
            "insulin"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "My Rx number is 1000042.|My Rx number is •••.",
        "It's 1 000 042|It's •••",
        "I was born 3/3/61|I was born •••",
        "born March 3rd, 1961|born •••, •••",
        "born on the third of march nineteen sixty one|born on ••• •••",
        "March third|•••",
        "one two three four five six seven|•••",
        "call me at 202-555-0101|call me at •••",
        "take 2 tablets of 10 mg|take 2 tablets of 10 mg",
        "I need my atorvastatin refilled|I need my ••• refilled",
        "Is LIPITOR ready?|Is ••• ready?",
        "my insulin glargine pens|my ••• pens",
        "This is Ruth Okafor speaking|This is ••• ••• speaking",
        "Ruthless okay|Ruthless okay",
        "Hello, how can I help?|Hello, how can I help?"})
    void hidesNumbersDatesDrugsAndTheNamesHeard(String said, String kept) {
        assertThat(mask.mask(said, Set.of("ruth", "okafor")), equalTo(kept));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a $ sign and \\\\ backslash 12|a $ sign and \\\\ backslash 12"})
    void replacementCharactersInTheTextAreKeptAsTheyAre(String said, String kept) {
        assertThat(TranscriptMask.numbersAndNames().mask(said, Set.of("$")), equalTo(kept));
    }
}
