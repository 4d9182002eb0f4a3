package org.pharmacyvoice.domain.call.port.out;

import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * Outbound port: spans of each call, of each agent turn in it and of each tool run, for whoever follows the service's
 * traces. Only telephony ids, tool names, end reasons and outcomes are handed over: never what was said, who the
 * caller is, nor a tool's arguments or answer. Called on the audio path and from tool workers, so implementations
 * must be cheap and thread-safe and must never throw.
 */
public interface CallTraces {

    /** A call was put through to the agent; its trace stays open until {@link CallTrace#ended}. */
    CallTrace callStarted(CallContext call);

    /** The trace of one call. The bridge opens at most one turn at a time and closes it before opening the next. */
    interface CallTrace {

        /** The agent's turn began: the caller finished speaking, or the agent took the word of its own accord. */
        void turnStarted();

        /** The open turn ended so. */
        void turnEnded(TurnOutcome outcome);

        /** A tool began to run, within the open turn if there is one. */
        ToolRun toolStarted(String tool);

        /** The call ended; called once, after any open turn was ended. */
        void ended(CallEndReason reason);
    }

    /** One tool run. */
    interface ToolRun {

        void ended(ToolOutcome outcome);
    }

    /** How an agent turn ended. */
    enum TurnOutcome {
        /** The agent sent all audio of its reply. */
        ANSWERED,
        /** The caller spoke before the agent was done. */
        INTERRUPTED,
        /** The call ended in the middle of it. */
        CALL_ENDED
    }

    /** How a tool run ended: the tool's own verdict, not its answer. */
    enum ToolOutcome {
        SUCCEEDED,
        FAILED
    }

    /** Traces nothing: for tests, embedders, and a server with no collector to send traces to. */
    static CallTraces none() {
        return NoTraces.CALLS;
    }
}
