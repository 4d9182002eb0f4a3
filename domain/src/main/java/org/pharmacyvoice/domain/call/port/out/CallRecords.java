package org.pharmacyvoice.domain.call.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * Outbound port: the pharmacy's record of every call, written as the call happens so that a crash loses nothing
 * already said: who called, what was said, which tools ran with what result, and how the call ended.
 */
public interface CallRecords {

    void callStarted(CallContext call, Instant at);

    void lineSpoken(String callSid, ConversationLine line, Instant at);

    void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at);

    void callEnded(String callSid, CallEndReason reason, Instant at);

    /**
     * Rewrites the call's transcript lines written so far through {@code redaction}: a caller says their name before
     * anyone knows it is one, so lines are masked again once the names are known.
     */
    void linesRedacted(String callSid, UnaryOperator<String> redaction);

    /** The phone network's own view of the call (status callback); may arrive before or after the call ended. */
    void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at);

    /**
     * Runs several of the writes above as one write to the store: all of them or none, and durable when this
     * returns. A store without transactions just runs them.
     */
    default void together(Runnable writes) {
        writes.run();
    }

    /** Records nothing: for tests and tools that don't keep records. */
    static CallRecords none() {
        return new CallRecords() {
            @Override
            public void callStarted(CallContext call, Instant at) {
            }

            @Override
            public void lineSpoken(String callSid, ConversationLine line, Instant at) {
            }

            @Override
            public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
            }

            @Override
            public void callEnded(String callSid, CallEndReason reason, Instant at) {
            }

            @Override
            public void linesRedacted(String callSid, UnaryOperator<String> redaction) {
            }

            @Override
            public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
            }
        };
    }
}
