package org.pharmacyvoice.domain.telephony;

import java.util.Objects;
import java.util.Optional;

/**
 * Why the pharmacy placed a call, as the agent is briefed for it: the first words, the instructions added to the
 * pharmacy's prompt, and the patient the person must prove to be before hearing anything about their health. Holds
 * no health information itself: the agent learns the message from a tool, after verification.
 */
public record Errand(String greeting, String instructions, Optional<Long> patientId) {

    public Errand {
        Objects.requireNonNull(greeting, "'greeting' must not be null");
        Objects.requireNonNull(instructions, "'instructions' must not be null");
        Objects.requireNonNull(patientId, "'patientId' must not be null");
    }
}
