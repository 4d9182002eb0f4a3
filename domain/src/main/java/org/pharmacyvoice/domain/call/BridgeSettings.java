package org.pharmacyvoice.domain.call;

import java.time.Duration;
import java.util.Objects;

/**
 * How calls are bridged: how long a caller may wait in silence for a voice agent, how hard to try when its
 * connection drops, when a silent phone line counts as dead, how many calls the server takes at once, when to
 * stop sending callers to an agent that keeps failing, how long a keypad pause ends what the caller typed, when a
 * silent caller is asked whether they are still there, when a slow tool is covered with a filler, and what the agent
 * says then.
 *
 * @param maxReconnects        new agent connections a call may open after its first one, over the whole call
 * @param reconnectBackoff     the wait before the first of them, doubling each time
 * @param callerSilenceTimeout nothing from the phone line for this long: the call is dead
 * @param maxConcurrentCalls   calls taken at once
 * @param agentStartTimeout    the longest a caller waits without an agent ready, at the start of the call and after
 *                             each mid-call loss of the agent, before the call goes to the fallback; also the most
 *                             one connection attempt waits to become ready
 * @param circuitThreshold     calls in a row without an agent after which new calls go straight to the fallback
 * @param circuitProbeInterval while new calls go straight to the fallback, how often a probe tries the agent
 * @param keypadPause          no key pressed for this long: the digits typed so far go to the agent, as # does
 * @param callerIdleTimeout    the caller silent this long after the agent's turn: the agent asks whether they are
 *                             still there, and after as long again says goodbye and the call ends; zero: never
 * @param toolFillerDelay      a tool call unanswered this long: the agent tells the caller it is looking; zero: never
 * @param phrases              what the agent says to an idle caller and while a tool is slow
 */
public record BridgeSettings(
        int maxReconnects,
        Duration reconnectBackoff,
        Duration callerSilenceTimeout,
        int maxConcurrentCalls,
        Duration agentStartTimeout,
        int circuitThreshold,
        Duration circuitProbeInterval,
        Duration keypadPause,
        Duration callerIdleTimeout,
        Duration toolFillerDelay,
        AgentPhrases phrases) {

    public BridgeSettings {
        Objects.requireNonNull(reconnectBackoff, "'reconnectBackoff' must not be null");
        Objects.requireNonNull(callerSilenceTimeout, "'callerSilenceTimeout' must not be null");
        Objects.requireNonNull(agentStartTimeout, "'agentStartTimeout' must not be null");
        Objects.requireNonNull(circuitProbeInterval, "'circuitProbeInterval' must not be null");
        Objects.requireNonNull(keypadPause, "'keypadPause' must not be null");
        Objects.requireNonNull(callerIdleTimeout, "'callerIdleTimeout' must not be null");
        Objects.requireNonNull(toolFillerDelay, "'toolFillerDelay' must not be null");
        Objects.requireNonNull(phrases, "'phrases' must not be null");
        if (maxReconnects < 0) {
            throw new IllegalArgumentException("maxReconnects must not be negative: " + maxReconnects);
        }
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1: " + maxConcurrentCalls);
        }
        if (agentStartTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("agentStartTimeout must be positive: " + agentStartTimeout);
        }
        if (circuitThreshold < 1) {
            throw new IllegalArgumentException("circuitThreshold must be at least 1: " + circuitThreshold);
        }
        if (circuitProbeInterval.toMillis() < 10) {
            throw new IllegalArgumentException("circuitProbeInterval must be at least 10 ms: " + circuitProbeInterval);
        }
        if (keypadPause.toMillis() < 100) {
            // Shorter, and a caller's number would arrive cut into pieces.
            throw new IllegalArgumentException("keypadPause must be at least 100 ms: " + keypadPause);
        }
        if (!callerIdleTimeout.isZero() && callerIdleTimeout.toMillis() < 1000) {
            // Shorter, and a caller would be asked whether they are there before they could answer the agent.
            throw new IllegalArgumentException("callerIdleTimeout must be zero (never) or at least 1 s: "
                    + callerIdleTimeout);
        }
        if (!toolFillerDelay.isZero() && toolFillerDelay.toMillis() < 100) {
            // Shorter, and the filler would be said before nearly every answer, however quick.
            throw new IllegalArgumentException("toolFillerDelay must be zero (never) or at least 100 ms: "
                    + toolFillerDelay);
        }
    }

    /**
     * Three reconnects starting 250 ms apart, 10 s of line silence, 250 calls (what two cores carry with room to
     * spare, see BENCHMARKS.md); no caller waits more than 8 s for an agent; after 3 calls in a row without one, new
     * calls go straight to the fallback and a probe tries the agent every 10 s; digits typed on the keypad go to the
     * agent after a 3 s pause; a caller silent for 10 s after the agent's turn is asked whether they are still there;
     * a tool that takes more than 1 s gets a filler; the phrases are {@link AgentPhrases#defaults()}.
     * application.yaml says the same.
     */
    public static BridgeSettings defaults() {
        return new BridgeSettings(3, Duration.ofMillis(250), Duration.ofSeconds(10), 250,
                Duration.ofSeconds(8), 3, Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(1), AgentPhrases.defaults());
    }

    public BridgeSettings withReconnects(int max, Duration backoff) {
        return new BridgeSettings(max, backoff, callerSilenceTimeout, maxConcurrentCalls,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, keypadPause, callerIdleTimeout,
                toolFillerDelay, phrases);
    }

    public BridgeSettings withCallerSilenceTimeout(Duration timeout) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, timeout, maxConcurrentCalls,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, keypadPause, callerIdleTimeout,
                toolFillerDelay, phrases);
    }

    public BridgeSettings withMaxConcurrentCalls(int max) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout, max,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, keypadPause, callerIdleTimeout,
                toolFillerDelay, phrases);
    }

    public BridgeSettings withAgentStartTimeout(Duration timeout) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout,
                maxConcurrentCalls, timeout, circuitThreshold, circuitProbeInterval, keypadPause, callerIdleTimeout,
                toolFillerDelay, phrases);
    }

    public BridgeSettings withCircuit(int threshold, Duration probeInterval) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout,
                maxConcurrentCalls, agentStartTimeout, threshold, probeInterval, keypadPause, callerIdleTimeout,
                toolFillerDelay, phrases);
    }

    public BridgeSettings withKeypadPause(Duration pause) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout, maxConcurrentCalls,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, pause, callerIdleTimeout,
                toolFillerDelay, phrases);
    }

    public BridgeSettings withCallerIdleTimeout(Duration timeout) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout, maxConcurrentCalls,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, keypadPause, timeout, toolFillerDelay,
                phrases);
    }

    public BridgeSettings withToolFillerDelay(Duration delay) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout, maxConcurrentCalls,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, keypadPause, callerIdleTimeout, delay,
                phrases);
    }

    public BridgeSettings withPhrases(AgentPhrases spoken) {
        return new BridgeSettings(maxReconnects, reconnectBackoff, callerSilenceTimeout, maxConcurrentCalls,
                agentStartTimeout, circuitThreshold, circuitProbeInterval, keypadPause, callerIdleTimeout,
                toolFillerDelay, spoken);
    }
}
