package org.pharmacyvoice.domain.agent;

/** The voice agent could not be reached, refused the connection, or is not configured. */
public class AgentUnavailableException extends Exception {

    public AgentUnavailableException(String message) {
        super(message);
    }

    public AgentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
