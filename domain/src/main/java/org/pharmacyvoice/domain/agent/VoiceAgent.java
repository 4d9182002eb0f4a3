package org.pharmacyvoice.domain.agent;

import java.util.Optional;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Outbound port: opens one voice-agent conversation per call. */
public interface VoiceAgent {

    /**
     * Connects, hands the agent its briefing, and returns the open session. Blocks until the briefing is sent;
     * everything afterwards (including {@link org.pharmacyvoice.domain.agent.AgentEvent.Ready}) reaches
     * {@code listener}, possibly before this method returns.
     *
     * @throws AgentUnavailableException when the agent can't be reached or refuses the connection
     */
    AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException;

    /** Why this agent can take no call at all (e.g. it has no API key), or empty when it is set up. */
    default Optional<String> notSetUpBecause() {
        return Optional.empty();
    }
}
