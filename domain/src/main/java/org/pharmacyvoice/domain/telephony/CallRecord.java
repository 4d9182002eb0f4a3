package org.pharmacyvoice.domain.telephony;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One call as the pharmacy's records keep it: who called, when, how it ended, what the phone network reported,
 * and (when read in full) what was said and which tools ran.
 */
public record CallRecord(
        String callSid,
        String streamSid,
        String callerMasked,
        String callerNumber,
        String calledNumber,
        Optional<Instant> startedAt,
        Optional<Instant> endedAt,
        Optional<String> endReason,
        Optional<String> networkStatus,
        OptionalInt durationSeconds,
        List<Line> transcript,
        List<ToolRun> toolRuns) {

    public CallRecord {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        transcript = List.copyOf(transcript);
        toolRuns = List.copyOf(toolRuns);
    }

    /** One transcript line with the time it was recorded. */
    public record Line(Speaker speaker, String text, Instant at) {
    }

    /** One tool call: what the agent asked, what the tool answered (JSON), and how long it took. */
    public record ToolRun(String toolCallId, String toolName, String arguments, String result, boolean succeeded,
                          long durationMillis, Instant at) {
    }
}
