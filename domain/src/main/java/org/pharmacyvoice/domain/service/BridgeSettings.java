package org.pharmacyvoice.domain.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How calls are bridged: how long the agent may take to get ready, how hard to try when its connection drops,
 * when a silent phone line counts as dead, and how many calls the server takes at once.
 */
public record BridgeSettings(
        Duration agentReadyTimeout,
        int maxReconnects,
        Duration reconnectBackoff,
        Duration callerSilenceTimeout,
        int maxConcurrentCalls) {

    public BridgeSettings {
        Objects.requireNonNull(agentReadyTimeout, "'agentReadyTimeout' must not be null");
        Objects.requireNonNull(reconnectBackoff, "'reconnectBackoff' must not be null");
        Objects.requireNonNull(callerSilenceTimeout, "'callerSilenceTimeout' must not be null");
        if (maxReconnects < 0) {
            throw new IllegalArgumentException("maxReconnects must not be negative: " + maxReconnects);
        }
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1: " + maxConcurrentCalls);
        }
    }

    /**
     * Ready within 15 s, three reconnects starting 250 ms apart, 10 s of line silence, 250 calls (what two cores
     * carry with room to spare, see BENCHMARKS.md).
     */
    public static BridgeSettings defaults() {
        return new BridgeSettings(Duration.ofSeconds(15), 3, Duration.ofMillis(250), Duration.ofSeconds(10), 250);
    }

    public BridgeSettings withAgentReadyTimeout(Duration timeout) {
        return new BridgeSettings(timeout, maxReconnects, reconnectBackoff, callerSilenceTimeout, maxConcurrentCalls);
    }

    public BridgeSettings withReconnects(int max, Duration backoff) {
        return new BridgeSettings(agentReadyTimeout, max, backoff, callerSilenceTimeout, maxConcurrentCalls);
    }

    public BridgeSettings withCallerSilenceTimeout(Duration timeout) {
        return new BridgeSettings(agentReadyTimeout, maxReconnects, reconnectBackoff, timeout, maxConcurrentCalls);
    }

    public BridgeSettings withMaxConcurrentCalls(int max) {
        return new BridgeSettings(agentReadyTimeout, maxReconnects, reconnectBackoff, callerSilenceTimeout, max);
    }
}
