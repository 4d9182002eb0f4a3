package org.pharmacyvoice.domain.call;

import java.util.concurrent.locks.ReentrantLock;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.Speaker;

/**
 * The call's trace: when it starts and ends, and where each of the agent's turns begins and ends, from the agent's
 * events. A turn begins when the caller has finished speaking (their line is heard), when the agent starts a reply or
 * asks for tools with none open, and ends when the agent has sent all audio of its reply, when the caller talks over
 * it, or with the call. A filler said while a tool runs is a reply too: the tool's answer comes in the next turn. At
 * most one turn is open at a time; nothing opens once the call has ended.
 */
final class AgentTurns {

    private final CallTraces traces;
    private final CallContext call;
    private final ReentrantLock lock = new ReentrantLock();
    // Under lock: agent events come on the agent's reader, the ending on any thread.
    private CallTraces.CallTrace trace;
    private boolean turnOpen;
    private boolean ended;

    AgentTurns(CallTraces traces, CallContext call) {
        this.traces = traces;
        this.call = call;
        this.trace = CallTraces.none().callStarted(call);
    }

    /** The call was put through to the agent. */
    void callStarted() {
        lock.lock();
        try {
            if (!ended) {
                trace = traces.callStarted(call);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A line of the transcript: the caller's ends their turn and begins the agent's; the agent's begins its reply. */
    void heard(Speaker speaker) {
        lock.lock();
        try {
            if (speaker == Speaker.CALLER && turnOpen) {
                endTurn(CallTraces.TurnOutcome.INTERRUPTED);
            }
            startTurn();
        } finally {
            lock.unlock();
        }
    }

    /** The agent started speaking, or asked for tools. */
    void agentActs() {
        lock.lock();
        try {
            startTurn();
        } finally {
            lock.unlock();
        }
    }

    /** The agent has sent all audio of its reply. */
    void agentDone() {
        lock.lock();
        try {
            endTurn(CallTraces.TurnOutcome.ANSWERED);
        } finally {
            lock.unlock();
        }
    }

    /** The caller started speaking: a turn still open was talked over. */
    void callerStartedSpeaking() {
        lock.lock();
        try {
            endTurn(CallTraces.TurnOutcome.INTERRUPTED);
        } finally {
            lock.unlock();
        }
    }

    /** A tool began to run; the run's span is ended by whoever ran it. */
    CallTraces.ToolRun toolStarted(String tool) {
        lock.lock();
        try {
            return trace.toolStarted(tool);
        } finally {
            lock.unlock();
        }
    }

    /** The call ended: its open turn with it, then the call's trace. Once. */
    void callEnded(CallEndReason reason) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            endTurn(CallTraces.TurnOutcome.CALL_ENDED);
            ended = true;
            trace.ended(reason);
        } finally {
            lock.unlock();
        }
    }

    private void startTurn() {
        if (!turnOpen && !ended) {
            turnOpen = true;
            trace.turnStarted();
        }
    }

    private void endTurn(CallTraces.TurnOutcome outcome) {
        if (turnOpen) {
            turnOpen = false;
            trace.turnEnded(outcome);
        }
    }
}
