package org.pharmacyvoice.domain.cascade.port.out;

import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;

/** Outbound port: streaming speech recognition of one caller, fed the phone's 8 kHz μ-law exactly as it arrives. */
public interface SpeechToText {

    /**
     * Opens a recognition stream for the call {@code callSid}; what it hears reaches {@code listener} in order, one
     * event at a time, ending with at most one {@link Heard.Lost}. Blocks until the stream is open.
     *
     * @throws AgentUnavailableException when the service can't be reached or refuses the stream
     */
    Transcription listen(String callSid, Consumer<Heard> listener) throws AgentUnavailableException;
}
