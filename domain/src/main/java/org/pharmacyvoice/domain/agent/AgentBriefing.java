package org.pharmacyvoice.domain.agent;

import java.util.List;
import java.util.Objects;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * What the voice agent is told when a call starts: how to behave, what to say first, which tools it may use,
 * and the conversation so far (empty for a new call).
 */
public record AgentBriefing(String prompt, String greeting, List<ToolSpec> tools, List<ConversationLine> history) {

    public AgentBriefing {
        Objects.requireNonNull(prompt, "'prompt' must not be null");
        greeting = greeting == null ? "" : greeting;
        tools = List.copyOf(tools);
        history = List.copyOf(history);
    }
}
