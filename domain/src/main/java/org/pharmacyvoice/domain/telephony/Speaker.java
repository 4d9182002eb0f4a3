package org.pharmacyvoice.domain.telephony;

/** Which side of the conversation said something. */
public enum Speaker {
    CALLER,
    AGENT
}
