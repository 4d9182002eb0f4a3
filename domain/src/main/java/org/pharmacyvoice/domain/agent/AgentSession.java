package org.pharmacyvoice.domain.agent;

import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** Outbound port: one open conversation with the voice agent. Safe to use from several threads. */
public interface AgentSession {

    /** Sends caller audio (8 kHz μ-law, as received), unchanged. */
    void sendAudio(byte[] mulaw);

    /** Answers one tool call. */
    void answer(ToolCall call, ToolResult result);

    /** Closes the conversation; calling it again does nothing. */
    void close();
}
