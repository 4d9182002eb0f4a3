package org.pharmacyvoice.app;

import org.pharmacyvoice.domain.model.AgentBriefing;
import org.pharmacyvoice.domain.model.CallContext;
import org.pharmacyvoice.domain.port.out.AgentListener;
import org.pharmacyvoice.domain.port.out.AgentSession;
import org.pharmacyvoice.domain.port.out.AgentUnavailableException;
import org.pharmacyvoice.domain.port.out.VoiceAgent;

/** Stands in for Deepgram when no API key is configured, so the server runs and says why calls can't be taken. */
final class UnconfiguredVoiceAgent implements VoiceAgent {

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        throw new AgentUnavailableException("the voice agent is not configured: set DEEPGRAM_API_KEY");
    }
}
