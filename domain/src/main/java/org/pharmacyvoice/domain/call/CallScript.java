package org.pharmacyvoice.domain.call;

import java.util.Objects;

/** The pharmacy's words for the agent: its instructions and the greeting a caller hears first. */
public record CallScript(String prompt, String greeting) {

    public CallScript {
        Objects.requireNonNull(prompt, "'prompt' must not be null");
        greeting = greeting == null ? "" : greeting;
    }
}
