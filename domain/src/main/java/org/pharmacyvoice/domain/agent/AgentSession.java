package org.pharmacyvoice.domain.agent;

import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** Outbound port: one open conversation with the voice agent. Safe to use from several threads. */
public interface AgentSession {

    /** Sends caller audio (8 kHz μ-law, as received), unchanged. */
    void sendAudio(byte[] mulaw);

    /**
     * Hands the agent text as the caller's own turn, as if they had said it (what they typed on the keypad). The
     * agent may refuse it while someone is mid-turn: it then sends {@link AgentEvent.CallerTextRefused}.
     */
    void sendCallerText(String text);

    /**
     * Has the agent say {@code text} to the caller in its own voice, after whatever it is saying or about to say and
     * without interrupting it (to ask an idle caller whether they are still there, or to fill a slow tool's wait).
     * The agent does not refuse it the way it refuses caller text.
     */
    void sendAgentText(String text);

    /** Answers one tool call. */
    void answer(ToolCall call, ToolResult result);

    /** Closes the conversation; calling it again does nothing. */
    void close();
}
