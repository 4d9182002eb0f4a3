package org.pharmacyvoice.domain.model;

/** Which side of the conversation said something. */
public enum Speaker {
    CALLER,
    AGENT
}
