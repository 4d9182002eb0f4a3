package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;

/**
 * Whether callers are getting a voice agent. After a number of calls in a row could not get one, the circuit opens:
 * new calls go straight to the fallback instead of waiting in silence for an agent that is not coming, until a probe
 * reaches the agent again (or a call that was already on its way gets one). The log says each change once.
 */
public final class AgentCircuit {

    private static final System.Logger LOG = System.getLogger(AgentCircuit.class.getName());

    /** What readiness and the dashboard show. */
    public record Status(boolean open, int callsWithoutAgentInARow, Optional<Instant> openSince,
                         String lastProblem) {
    }

    private final int threshold;
    private final Duration probeInterval;
    private final CallMetrics metrics;
    private final Clock clock;
    private int withoutAgentInARow;
    private Instant openSince;
    private String lastProblem = "";

    AgentCircuit(int threshold, Duration probeInterval, CallMetrics metrics, Clock clock) {
        this.threshold = threshold;
        this.probeInterval = probeInterval;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether new calls skip the agent and go straight to the fallback. */
    public synchronized boolean isOpen() {
        return openSince != null;
    }

    public synchronized Status status() {
        return new Status(openSince != null, withoutAgentInARow, Optional.ofNullable(openSince), lastProblem);
    }

    /** A call got a ready agent: whatever went before, the agent works. */
    void callGotAgent() {
        closeBecause("a call reached the voice agent");
    }

    /** A call ended without ever getting a ready agent, for an agent-side reason. */
    void callGotNoAgent(String callSid, String problem) {
        boolean opened;
        int inARow;
        synchronized (this) {
            withoutAgentInARow++;
            lastProblem = problem;
            inARow = withoutAgentInARow;
            opened = openSince == null && withoutAgentInARow >= threshold;
            if (opened) {
                openSince = clock.instant();
            }
        }
        if (opened) {
            LOG.log(Level.ERROR, "voice agent circuit OPEN: {0} calls in a row got no voice agent (the last, {1}: "
                    + "{2}); new calls go straight to the fallback, and a probe tries the agent every {3} s",
                    inARow, callSid, problem, probeInterval.toMillis() / 1000.0);
            metrics.agentCircuitChanged(true);
        }
    }

    /** A probe reached a ready agent. */
    void probeSucceeded() {
        closeBecause("a probe reached the voice agent");
    }

    /** A probe could not get a ready agent; the circuit stays open. */
    void probeFailed(String problem) {
        synchronized (this) {
            lastProblem = problem;
        }
        LOG.log(Level.DEBUG, "voice agent probe failed: {0}", problem);
    }

    private void closeBecause(String why) {
        Instant since;
        synchronized (this) {
            withoutAgentInARow = 0;
            since = openSince;
            openSince = null;
        }
        if (since != null) {
            LOG.log(Level.WARNING, "voice agent circuit CLOSED after {0} s: {1}; calls go to the agent again",
                    Duration.between(since, clock.instant()).toSeconds(), why);
            metrics.agentCircuitChanged(false);
        }
    }
}
