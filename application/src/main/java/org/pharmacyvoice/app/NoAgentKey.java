package org.pharmacyvoice.app;

/**
 * The words for a server started without a Deepgram key, said the same way in the start-up log and in readiness:
 * what such a server does, what is missing, and how to fix it.
 */
final class NoAgentKey {

    static final String VARIABLE = "DEEPGRAM_API_KEY";
    static final String REASON = VARIABLE + " is not set: the server runs without a voice agent, and every call gets "
            + "the not-available message and ends";
    static final String FIX = "set " + VARIABLE + " to a Deepgram API key and restart the server to carry calls";

    private NoAgentKey() {
    }

    /** The start-up log's warning: the same facts, plus which health endpoint says what. */
    static String logLine() {
        return REASON + ". Nothing else needs an account: the dashboard and the staff API work. "
                + "Liveness /observe/health/live answers 200 (UP); readiness /observe/health/ready and /observe/health "
                + "answer 503 (DOWN) with this reason until you " + FIX + ".";
    }
}
