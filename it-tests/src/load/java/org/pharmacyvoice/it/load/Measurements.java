package org.pharmacyvoice.it.load;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Everything the generator measures while calls run: latency per direction, tool-call latency and the pacer's own
 * lateness (each recorded by exactly one thread, in microseconds), plus failure counters.
 */
final class Measurements {

    /** Ten minutes in microseconds: anything slower is recorded as this. */
    private static final long HIGHEST_MICROS = 600_000_000L;

    /** Twilio frame sent → agent received it; recorded on the agent side's reactor thread. */
    final SingleWriterRecorder callerToAgent = recorder();
    /** Agent audio sent → Twilio side received it; recorded on the Twilio side's reactor thread. */
    final SingleWriterRecorder agentToCaller = recorder();
    /** FunctionCallRequest sent → FunctionCallResponse received; agent side's reactor thread. */
    final SingleWriterRecorder toolLatency = recorder();
    /** How late the Twilio side's reactor ran a tick: when high, the generator itself could not keep up. */
    final SingleWriterRecorder pacerLag = recorder();
    /** The same for the agent side's reactor. */
    final SingleWriterRecorder agentPacerLag = recorder();

    final AtomicLong toolRequests = new AtomicLong();
    final AtomicLong toolAnswered = new AtomicLong();
    final AtomicLong toolFailed = new AtomicLong();
    final AtomicLong crossTalk = new AtomicLong();
    final AtomicLong badFrames = new AtomicLong();
    final AtomicLong unexpectedMessages = new AtomicLong();
    /** Media streams the server closed before the caller hung up. */
    final AtomicLong droppedCalls = new AtomicLong();
    /** Agent conversations the server closed before the caller hung up. */
    final AtomicLong droppedConversations = new AtomicLong();
    final AtomicLong marksEchoed = new AtomicLong();
    final AtomicLong clears = new AtomicLong();
    final AtomicLong keepAlives = new AtomicLong();

    private static SingleWriterRecorder recorder() {
        return new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    }

    static void record(SingleWriterRecorder recorder, long nanos) {
        recorder.recordValue(Math.clamp(nanos / 1000, 1, HIGHEST_MICROS));
    }

    /** Forgets what was recorded so far: the steady-state window starts now. */
    void startWindow() {
        callerToAgent.getIntervalHistogram();
        agentToCaller.getIntervalHistogram();
        toolLatency.getIntervalHistogram();
        pacerLag.getIntervalHistogram();
        agentPacerLag.getIntervalHistogram();
    }

    /** What was recorded since {@link #startWindow()}. */
    Window endWindow() {
        Histogram lateness = pacerLag.getIntervalHistogram();
        lateness.add(agentPacerLag.getIntervalHistogram());
        return new Window(callerToAgent.getIntervalHistogram(), agentToCaller.getIntervalHistogram(),
                toolLatency.getIntervalHistogram(), lateness);
    }

    /** The histograms of one steady-state window, in microseconds; the pacer's covers both reactors. */
    record Window(Histogram callerToAgent, Histogram agentToCaller, Histogram toolLatency, Histogram pacerLag) {
    }
}
