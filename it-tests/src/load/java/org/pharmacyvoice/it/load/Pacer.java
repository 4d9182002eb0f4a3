package org.pharmacyvoice.it.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The real-time rhythm of every call: each call owns one of twenty 1 ms slots, and every 20 ms, when its slot comes
 * round, it sends one frame each way — the Twilio side's reactor sends the caller frame, the agent side's reactor
 * the agent frame (and now and then a tool call). Spreading calls over the slots keeps the load as even as real,
 * unsynchronised phone calls make it.
 */
final class Pacer {

    static final int SLOTS = 20;

    private final SimulatedCall[][] slots;
    private final Traffic traffic;
    private final int toolEveryFrames;
    private final Measurements measurements;
    private volatile boolean running = true;

    Pacer(SimulatedCall[] calls, Traffic traffic, int toolEverySeconds, Measurements measurements) {
        this.traffic = traffic;
        List<List<SimulatedCall>> bySlot = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            bySlot.add(new ArrayList<>());
        }
        for (SimulatedCall call : calls) {
            bySlot.get(call.index % SLOTS).add(call);
        }
        this.slots = bySlot.stream().map(list -> list.toArray(SimulatedCall[]::new)).toArray(SimulatedCall[][]::new);
        this.toolEveryFrames = Math.max(1, toolEverySeconds * 1000 / 20);
        this.measurements = measurements;
    }

    /** The Twilio side's tick: caller frames of this slot's calls. */
    void twilioTick(long tick) {
        if (running) {
            for (SimulatedCall call : slots[(int) (tick % SLOTS)]) {
                call.callerTick();
            }
        }
    }

    /** The agent side's tick: agent frames, and tool calls, of this slot's calls. */
    void agentTick(long tick) {
        if (running) {
            for (SimulatedCall call : slots[(int) (tick % SLOTS)]) {
                call.agentTick(traffic, toolEveryFrames, measurements);
            }
        }
    }

    /** No more frames from the next tick on; the reactors go on reading what is still in flight. */
    void stop() {
        running = false;
    }
}
