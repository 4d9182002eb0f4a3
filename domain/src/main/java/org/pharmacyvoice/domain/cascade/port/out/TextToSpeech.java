package org.pharmacyvoice.domain.cascade.port.out;

import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;

/** Outbound port: speech synthesis for one call, producing the phone's 8 kHz μ-law so it is played unchanged. */
public interface TextToSpeech {

    /**
     * Opens a voice for the call {@code callSid}; its audio and news reach {@code listener} in order, one event at a
     * time. Blocks until the voice can take text.
     *
     * @throws AgentUnavailableException when the service can't be reached or refuses
     */
    Voice voice(String callSid, Consumer<Spoken> listener) throws AgentUnavailableException;
}
