package org.pharmacyvoice.domain.telephony;

/** Whether a call arriving now is put through to the voice agent, and if not, what the caller hears instead. */
public enum Admission {
    /** Put it through to the voice agent. */
    OPEN,
    /** No voice agent is set up at all (no API key): the caller hears that the service is not available yet. */
    UNAVAILABLE,
    /** At the call limit, or draining for shutdown: the caller hears that the line is busy. */
    BUSY,
    /**
     * Several calls in a row could not get a voice agent: the caller goes straight to the fallback (the apology, or
     * the pharmacist) instead of waiting in silence for an agent that is not coming.
     */
    AGENT_DOWN
}
