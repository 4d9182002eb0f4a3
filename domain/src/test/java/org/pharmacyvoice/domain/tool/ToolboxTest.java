package org.pharmacyvoice.domain.tool;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.EchoTool;
import org.pharmacyvoice.domain.telephony.CallContext;

class ToolboxTest {

    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");

    private final EchoTool echo = new EchoTool("echo");
    private final Toolbox toolbox = new Toolbox(List.of(echo));

    @Test
    void givenValidArguments_whenRun_thenToolAnswersWithTheCallersNumberFromTheCall() {
        ToolResult result = toolbox.run(ToolCall.of("fc-1", "echo", ToolArguments.of("text", "hi", "times", 2)), CALL);

        assertThat(result, equalTo(ToolResult.success("echo", "hihi", "caller", "+15551234567")));
        assertThat(echo.runs().getFirst().toolCallId(), equalTo("fc-1"));
    }

    @Test
    void givenUnknownTool_whenRun_thenFailureNamesIt() {
        ToolResult result = toolbox.run(ToolCall.of("fc-1", "teleport", ToolArguments.of()), CALL);

        assertThat(((ToolResult.Failure) result).error(), equalTo("There is no tool named teleport."));
    }

    @Test
    void givenUnreadableArguments_whenRun_thenFailureAsksAgainAndToolNeverRuns() {
        ToolResult result = toolbox.run(new ToolCall("fc-1", "echo", "{not json", Optional.empty()), CALL);

        var failure = (ToolResult.Failure) result;
        assertThat(failure.error(), equalTo("The arguments for echo were not valid JSON."));
        assertThat(failure.askCaller(), equalTo("Ask the caller again for: text (what to repeat)."));
        assertThat(echo.runs(), empty());
    }

    @Test
    void givenArgumentsBreakingTheSpec_whenRun_thenEveryProblemIsListed() {
        var arguments = new ToolArguments(Map.of("times", new BigDecimal("1.5"), "colour", "red"));

        var failure = (ToolResult.Failure) toolbox.run(ToolCall.of("fc-1", "echo", arguments), CALL);

        assertThat(failure.error(), containsString("text is missing"));
        assertThat(failure.error(), containsString("times must be a whole number"));
        assertThat(failure.error(), containsString("colour is not a parameter of echo"));
        assertThat(echo.runs(), empty());
    }

    @Test
    void givenNumberOutOfBounds_whenRun_thenBoundIsNamed() {
        var failure = (ToolResult.Failure) toolbox.run(
                ToolCall.of("fc-1", "echo", ToolArguments.of("text", "x", "times", 9)), CALL);

        assertThat(failure.error(), equalTo("The arguments for echo were not accepted: times must be at most 3."));
    }

    @Test
    void givenBlankRequiredText_whenRun_thenItCountsAsMissing() {
        var failure = (ToolResult.Failure) toolbox.run(
                ToolCall.of("fc-1", "echo", ToolArguments.of("text", "  ")), CALL);

        assertThat(failure.error(), containsString("text is missing"));
    }

    @Test
    void givenToolThatThrows_whenRun_thenFailureIsSpeakableAndHidesTheException() {
        var result = toolbox.run(ToolCall.of("fc-1", "echo", ToolArguments.of("text", "explode")), CALL);

        assertThat(result, instanceOf(ToolResult.Failure.class));
        assertThat(((ToolResult.Failure) result).error(),
                equalTo("The pharmacy system could not complete echo just now."));
    }

    @Test
    void givenTwoToolsWithOneName_whenBuildingToolbox_thenItRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new Toolbox(List.of(new EchoTool("a"), new EchoTool("a"))));
    }

    @Test
    void givenAnIdTooLongForTheRecords_whenRun_thenNothingRunsAndTheAnswerSaysWhy() {
        ToolResult result = toolbox.run(ToolCall.of("f".repeat(1000), "echo", ToolArguments.of("text", "hi")), CALL);

        assertThat(result, equalTo(ToolResult.failure(
                "This function call was not run: it came with an id of 1000 characters (at most 128).",
                "Tell the caller something went wrong on our side, and offer to try again.")));
        assertThat(echo.runs(), empty());
    }

    @Test
    void givenAnIdWithControlCharacters_whenRun_thenNothingRuns() {
        ToolResult result = toolbox.run(ToolCall.of("fc-1\n[CA99] forged log line", "echo",
                ToolArguments.of("text", "hi")), CALL);

        assertThat(((ToolResult.Failure) result).error(), containsString("an id with control characters"));
        assertThat(echo.runs(), empty());
    }

    @Test
    void givenAWholeNumberBeyondLong_whenRun_thenItIsOutOfRangeAndTheToolNeverSeesIt() {
        ToolResult result = toolbox.run(ToolCall.of("fc-1", "echo",
                ToolArguments.of("text", "hi", "times", new BigDecimal("1e30"))), CALL);

        assertThat(((ToolResult.Failure) result).error(),
                equalTo("The arguments for echo were not accepted: times is out of range."));
        assertThat(echo.runs(), empty());
    }

    @Test
    void givenAFloodOfUndeclaredNames_whenRun_thenTheAnswerListsAFewShortenedOnes() {
        var values = new java.util.LinkedHashMap<String, Object>();
        values.put("text", "hi");
        for (int i = 0; i < 10_000; i++) {
            values.put("x".repeat(100) + i, 1L);
        }

        var failure = (ToolResult.Failure) toolbox.run(ToolCall.of("fc-1", "echo", new ToolArguments(values)), CALL);

        assertThat(failure.error(), equalTo("The arguments for echo were not accepted: "
                + ("x".repeat(40) + "... is not a parameter of echo; ").repeat(5) + "and 9995 more."));
    }

    @Test
    void givenAnUnknownToolWithALongName_whenRun_thenTheAnswerShortensIt() {
        ToolResult result = toolbox.run(ToolCall.of("fc-1", "t".repeat(10_000), ToolArguments.of()), CALL);

        assertThat(((ToolResult.Failure) result).error(),
                equalTo("There is no tool named " + "t".repeat(64) + "...."));
    }

    @Test
    void specsKeepRegistrationOrder() {
        var box = new Toolbox(List.of(new EchoTool("b"), new EchoTool("a")));

        assertThat(box.specs().stream().map(s -> s.name()).toList(), contains("b", "a"));
    }
}
