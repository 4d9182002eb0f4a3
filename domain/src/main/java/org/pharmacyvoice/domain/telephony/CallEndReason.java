package org.pharmacyvoice.domain.telephony;

/** Why a call ended; each call ends exactly once, with the first reason that happened. */
public enum CallEndReason {
    /** Twilio sent {@code stop}: the caller hung up or the call was redirected. */
    CALLER_HUNG_UP,
    /**
     * The caller stayed silent after the agent's turn, was asked whether they were still there, stayed silent as long
     * again and was told goodbye.
     */
    CALLER_IDLE,
    /** The telephony socket closed or failed without a {@code stop}. */
    STREAM_CLOSED,
    /** The voice agent sent an {@code Error}. */
    AGENT_ERROR,
    /** The voice agent connection closed or failed mid-call. */
    AGENT_DISCONNECTED,
    /** The voice agent could not be reached or did not become ready in time. */
    AGENT_UNAVAILABLE,
    /** The telephony side broke the protocol badly enough that the call cannot go on. */
    PROTOCOL_ERROR,
    /** Nothing came from the telephony side for too long: the stream died without saying so. */
    STREAM_SILENT,
    /** The telephony side stopped taking what we sent (its socket's writes stalled), so it was cut. */
    STREAM_STALLED,
    /** The server was at its call limit or draining for shutdown, so the stream was refused. */
    SERVER_BUSY,
    /** The server is shutting down. */
    SERVER_SHUTDOWN,
    /** The caller was handed to the pharmacist (asked for by the agent, or by the caller pressing 0). */
    TRANSFERRED,
    /** The agent ended the call after its goodbye. */
    AGENT_ENDED_CALL
}
