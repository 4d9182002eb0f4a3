package org.pharmacyvoice.domain.cascade;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Where the streamed reply is cut into sentences to speak. */
class SpokenSentencesTest {

    private final SpokenSentences sentences = new SpokenSentences();

    @Test
    void aSentenceEndsAtAStopFollowedBySpaceEvenAcrossChunks() {
        assertThat(sentences.add("Your refill is ready"), empty());
        assertThat(sentences.add(". It costs"), contains("Your refill is ready."));
        assertThat(sentences.add(" $4.50! Anything else? "), contains("It costs $4.50!", "Anything else?"));
        assertThat(sentences.rest(), equalTo(""));
    }

    @Test
    void titlesAndDecimalsDoNotEndASentence() {
        assertThat(sentences.add("Dr. Patel prescribed 2.5 mg. Take it daily. "),
                contains("Dr. Patel prescribed 2.5 mg. Take it daily."));
    }

    @Test
    void aLineBreakEndsASentenceAndTheRestIsSpokenAtTheEnd() {
        assertThat(sentences.add("Hours:\nMonday to Friday 9 to 9"), contains("Hours:"));
        assertThat(sentences.rest(), equalTo("Monday to Friday 9 to 9"));
        assertThat(sentences.rest(), equalTo(""));
    }

    @Test
    void aVeryLongRunIsCutAtACommaOrASpace() {
        var out = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            out.addAll(sentences.add("word, and "));
        }
        assertThat(out.size(), equalTo(2));
        for (String sentence : out) {
            assertThat(sentence.length(), lessThanOrEqualTo(SpokenSentences.LONGEST));
        }
        String all = String.join(" ", out) + " " + sentences.rest();
        assertThat(all.replace(" ", ""), equalTo("word,and".repeat(60)));
    }
}
