package org.pharmacyvoice.domain.fakes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** In-memory call records: every entry as one readable line, in the order written. */
public final class RecordingCallRecords implements CallRecords {

    private final List<String> entries = new CopyOnWriteArrayList<>();

    @Override
    public void callStarted(CallContext call, Instant at) {
        entries.add("started " + call.callSid() + " from " + call.callerNumber());
    }

    @Override
    public void lineSpoken(String callSid, ConversationLine line, Instant at) {
        entries.add("line " + callSid + " " + line.speaker() + ": " + line.text());
    }

    @Override
    public void toolRan(String callSid, ToolCall call, ToolResult result, Duration took, Instant at) {
        entries.add("tool " + callSid + " " + call.toolName() + " " + call.id() + " "
                + (result instanceof ToolResult.Success ? "ok" : "failed"));
    }

    @Override
    public void callEnded(String callSid, CallEndReason reason, Instant at) {
        entries.add("ended " + callSid + " " + reason);
    }

    /** Rewrites the call's line entries in place, as the archive rewrites its rows. */
    @Override
    public synchronized void linesRedacted(String callSid, UnaryOperator<String> redaction) {
        String prefix = "line " + callSid + " ";
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            if (entry.startsWith(prefix)) {
                int colon = entry.indexOf(": ", prefix.length());
                entries.set(i, entry.substring(0, colon + 2) + redaction.apply(entry.substring(colon + 2)));
            }
        }
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds, Instant at) {
        entries.add("status " + callSid + " " + status + " " + durationSeconds);
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }
}
