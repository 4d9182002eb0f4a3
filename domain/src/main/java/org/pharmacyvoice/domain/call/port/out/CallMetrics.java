package org.pharmacyvoice.domain.call.port.out;

import java.time.Duration;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * Outbound port: the numbers operators watch (calls, frames, barge-ins, reconnects, tools, latency). Called on
 * the audio path, so implementations must be cheap and must never throw.
 */
public interface CallMetrics {

    void callStarted();

    void callEnded(CallEndReason reason, Duration length);

    /** One caller frame handed to the agent; {@code nanos} from its arrival to the end of the send. */
    void callerAudioForwarded(int bytes, long nanos);

    /**
     * One caller frame that waited for the agent to get ready and is handed over now; counted like any forwarded
     * frame, but its wait is the agent's start-up, not latency the bridge adds.
     */
    void callerAudioCaughtUp(int bytes);

    /** One agent frame handed to the caller; {@code nanos} from its arrival to the end of the send. */
    void agentAudioForwarded(int bytes, long nanos);

    void bargeIn();

    void agentReconnected();

    void toolRan(String tool, boolean succeeded, Duration took);

    /** One turn of {@code agent}: from the end of the caller's speech to its first reply audio. */
    void agentResponded(String agent, Duration latency);

    /** A call went to the standby agent because the primary failed: at its start, or in its middle. */
    void agentFailedOver(boolean midCall);

    /** A call arrived and was not put through to the agent, for this reason (never {@link Admission#OPEN}). */
    void callTurnedAway(Admission why);

    /** New calls now go straight to the fallback ({@code open}), or to the agent again. */
    void agentCircuitChanged(boolean open);

    /** Counts nothing: for tests and embedders without metrics. */
    static CallMetrics none() {
        return new CallMetrics() {
            @Override
            public void callStarted() {
            }

            @Override
            public void callEnded(CallEndReason reason, Duration length) {
            }

            @Override
            public void callerAudioForwarded(int bytes, long nanos) {
            }

            @Override
            public void callerAudioCaughtUp(int bytes) {
            }

            @Override
            public void agentAudioForwarded(int bytes, long nanos) {
            }

            @Override
            public void bargeIn() {
            }

            @Override
            public void agentReconnected() {
            }

            @Override
            public void toolRan(String tool, boolean succeeded, Duration took) {
            }

            @Override
            public void agentResponded(String agent, Duration latency) {
            }

            @Override
            public void agentFailedOver(boolean midCall) {
            }

            @Override
            public void callTurnedAway(Admission why) {
            }

            @Override
            public void agentCircuitChanged(boolean open) {
            }
        };
    }
}
