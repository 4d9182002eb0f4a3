package org.pharmacyvoice.it.load;

import java.util.HexFormat;

/**
 * One simulated phone call: its Twilio side (a client of the server's media stream), its agent side (the
 * connection the server opened to the fake Deepgram agent, bound once the first caller frame identifies it), and
 * what was sent and received each way.
 */
final class SimulatedCall {

    final int index;
    final String callSid;
    final String streamSid;
    /** Caller audio as the agent receives it; touched only by the agent side's reactor thread. */
    final FrameOrder callerToAgent = new FrameOrder();
    /** Agent audio as the Twilio side receives it; touched only by the Twilio side's reactor thread. */
    final FrameOrder agentToCaller = new FrameOrder();
    volatile TwilioPeer twilio;
    volatile AgentPeer agent;
    volatile long agentBoundNanos;
    /** Set when the Twilio side hangs up: from then on the server closing either side is expected. */
    volatile boolean hungUp;
    // Each written by one side's reactor thread only; read through that thread, or after it stopped sending.
    int callerSent;
    int agentSent;
    int toolsSent;
    long agentSteps;
    long bargeIns;

    SimulatedCall(int index) {
        this.index = index;
        // CA/MZ + 32 hex digits, as Twilio's are; the index makes them unique and readable in the server's log.
        String hex = HexFormat.of().toHexDigits(index);
        this.callSid = "CA" + hex + "10ad10ad10ad10ad10ad10ad";
        this.streamSid = "MZ" + hex + "10ad10ad10ad10ad10ad10ad";
    }

    /** One 20 ms step of the caller: a frame; on the Twilio side's reactor thread. */
    void callerTick() {
        TwilioPeer caller = twilio;
        if (caller != null && !caller.closed()) {
            caller.sendMedia(callerSent++);
        }
    }

    /**
     * One 20 ms step of the agent, once bound: what the traffic model says (a frame, a turn's events, a barge-in),
     * and now and then a tool call; on the agent side's thread.
     */
    void agentTick(Traffic traffic, int toolEveryFrames, Measurements measurements) {
        AgentPeer agentSide = agent;
        if (agentSide == null || agentSide.closed()) {
            return;
        }
        long step = agentSteps++;
        switch (traffic.agentStep(index, step)) {
            case SPEAK -> agentSide.sendAudio(agentSent++, traffic.speechBytes());
            case START_REPLY -> {
                agentSide.sendEvent("{\"type\":\"AgentStartedSpeaking\",\"total_latency\":0.4,"
                        + "\"tts_latency\":0.1,\"ttt_latency\":0.3}");
                agentSide.sendAudio(agentSent++, traffic.speechBytes());
            }
            case END_REPLY -> agentSide.sendEvent("{\"type\":\"AgentAudioDone\"}");
            case BARGE_IN -> {
                agentSide.sendEvent("{\"type\":\"UserStartedSpeaking\"}");
                bargeIns++;
            }
            case SILENT -> {
            }
        }
        // Staggered by call, so tool calls spread evenly over time instead of arriving all at once.
        if ((step + 1 + index * 37L) % toolEveryFrames == 0) {
            agentSide.requestTool(toolsSent++);
            measurements.toolRequests.incrementAndGet();
        }
    }
}
