package org.pharmacyvoice.domain.agent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.tool.ToolCall;

/** Everything the voice agent can tell a call, whatever agent service sits behind the port. */
public sealed interface AgentEvent {

    /** The agent accepted its briefing; caller audio may flow now. */
    record Ready() implements AgentEvent {
    }

    /** Reply speech, in the caller's audio format (8 kHz μ-law), to be played unchanged. */
    record Speech(byte[] audio) implements AgentEvent {
        public Speech {
            Objects.requireNonNull(audio, "'audio' must not be null");
        }
    }

    /** The caller started talking: whatever the agent was saying must stop now (barge-in). */
    record CallerStartedSpeaking() implements AgentEvent {
    }

    /** The agent began a spoken reply. */
    record AgentStartedSpeaking() implements AgentEvent {
    }

    /**
     * One turn's latency, from the end of the caller's speech to the agent's first reply audio, and which agent
     * ({@code "deepgram"}, {@code "cascaded"}) measured it, so that the two can be compared.
     */
    record Latency(Duration total, String agent) implements AgentEvent {
        public Latency {
            Objects.requireNonNull(total, "'total' must not be null");
            Objects.requireNonNull(agent, "'agent' must not be null");
        }
    }

    /** The agent has sent all audio of its reply (not: the caller has heard it). */
    record AgentAudioDone() implements AgentEvent {
    }

    /**
     * The agent did not take the caller text it was sent last ({@link AgentSession#sendCallerText}), because the
     * caller or the agent was in the middle of a turn; it can be sent again once that turn is over.
     */
    record CallerTextRefused(String reason) implements AgentEvent {
    }

    /** A line of the transcript. */
    record Transcript(ConversationLine line) implements AgentEvent {
        public Transcript {
            Objects.requireNonNull(line, "'line' must not be null");
        }
    }

    /** The agent wants these tools run; each gets its own answer. */
    record ToolCallsRequested(List<ToolCall> calls) implements AgentEvent {
        public ToolCallsRequested {
            calls = List.copyOf(calls);
        }
    }

    /** The agent no longer wants these tool calls answered (the caller kept talking). */
    record ToolCallsCancelled(List<String> callIds) implements AgentEvent {
        public ToolCallsCancelled {
            callIds = List.copyOf(callIds);
        }
    }

    /** Something non-fatal the agent wants noticed. */
    record Warning(String code, String description) implements AgentEvent {
    }

    /** The agent failed; the conversation cannot go on on this connection. */
    record Failed(String code, String description) implements AgentEvent {
    }

    /** The connection to the agent is gone. */
    record Disconnected(String reason) implements AgentEvent {
    }
}
