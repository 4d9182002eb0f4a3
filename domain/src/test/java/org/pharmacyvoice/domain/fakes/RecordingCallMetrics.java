package org.pharmacyvoice.domain.fakes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/** Keeps every metric event as a line of text, so tests can assert what the bridge reported and in which order. */
public final class RecordingCallMetrics implements CallMetrics {

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Events so far, e.g. {@code "caller frame 160 B"}, {@code "caller frame caught up 160 B"}, {@code "barge-in"}. */
    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void callStarted() {
        events.add("call started");
    }

    @Override
    public void callEnded(CallEndReason reason, Duration length) {
        events.add("call ended " + reason);
    }

    @Override
    public void callerAudioForwarded(int bytes, long nanos) {
        events.add("caller frame " + bytes + " B");
    }

    @Override
    public void callerAudioCaughtUp(int bytes) {
        events.add("caller frame caught up " + bytes + " B");
    }

    @Override
    public void agentAudioForwarded(int bytes, long nanos) {
        events.add("agent frame " + bytes + " B");
    }

    @Override
    public void bargeIn() {
        events.add("barge-in");
    }

    @Override
    public void agentReconnected() {
        events.add("agent reconnected");
    }

    @Override
    public void toolRan(String tool, boolean succeeded, Duration took) {
        events.add("tool " + tool + (succeeded ? " succeeded" : " failed"));
    }

    @Override
    public void agentResponded(String agent, Duration latency) {
        events.add("agent responded");
    }

    @Override
    public void agentFailedOver(boolean midCall) {
        events.add(midCall ? "failed over mid-call" : "failed over at start");
    }

    @Override
    public void callTurnedAway(Admission why) {
        events.add("call turned away " + why);
    }

    @Override
    public void agentCircuitChanged(boolean open) {
        events.add("agent circuit " + (open ? "open" : "closed"));
    }
}
