package org.pharmacyvoice.app;

import java.util.Optional;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Stands in for Deepgram when no API key is configured, so the server runs and says why calls can't be taken. */
final class UnconfiguredVoiceAgent implements VoiceAgent {

    private static final String REASON = "the voice agent is not configured: set DEEPGRAM_API_KEY";

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        throw new AgentUnavailableException(REASON);
    }

    @Override
    public Optional<String> notSetUpBecause() {
        return Optional.of(REASON);
    }
}
