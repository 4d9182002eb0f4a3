package org.pharmacyvoice.domain.tool;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolCallTest {

    @ParameterizedTest
    @ValueSource(strings = {"fc_12345678-90ab-cdef-1234-567890abcdef", "call-1", "x", "\uD83D\uDE00 emoji"})
    void idsThatCanBeRecordedAreUsable(String id) {
        assertThat(ToolCall.unusableId(id), equalTo(Optional.empty()));
    }

    @Test
    void anIdOf128CharactersIsTheLongestUsable() {
        assertThat(ToolCall.unusableId("i".repeat(128)), equalTo(Optional.empty()));
        assertThat(ToolCall.unusableId("i".repeat(129)), equalTo(Optional.of("an id of 129 characters (at most 128)")));
    }

    @Test
    void emptyIdsControlCharactersAndHalfSurrogatePairsAreUnusable() {
        assertThat(ToolCall.unusableId(""), equalTo(Optional.of("an empty id")));
        assertThat(ToolCall.unusableId("fc\u0000"), equalTo(Optional.of("an id with control characters")));
        assertThat(ToolCall.unusableId("fc\n1"), equalTo(Optional.of("an id with control characters")));
        assertThat(ToolCall.unusableId("fc\uD800"), equalTo(Optional.of("an id with half a surrogate pair")));
        assertThat(ToolCall.unusableId("\uDE00fc"), equalTo(Optional.of("an id with half a surrogate pair")));
    }

    @Test
    void missingArgumentsAlwaysSayWhy() {
        assertThat(new ToolCall("fc", "t", "", Optional.empty()).argumentsProblem(), equalTo("no arguments"));
        assertThat(new ToolCall("fc", "t", "[1]", Optional.empty()).argumentsProblem(), equalTo("not a JSON object"));
        assertThat(new ToolCall("fc", "t", "[", Optional.empty(), "malformed JSON").argumentsProblem(),
                equalTo("malformed JSON"));
        assertThat(new ToolCall("fc", "t", "{}", Optional.of(ToolArguments.of()), "ignored").argumentsProblem(),
                equalTo(""));
    }
}
