package org.pharmacyvoice.domain.telephony;

import java.time.Instant;
import java.util.Objects;

/**
 * How the agent's part of a call ended on purpose, kept before the media stream closes so that whichever server
 * Twilio asks next ({@code <Connect action>}) knows what to do: hand the caller to the pharmacist with
 * {@code summary} for the whisper, or hang up after the goodbye. A call without one ended for another reason.
 */
public record Handoff(String callSid, Kind kind, String callerNumber, String summary, boolean announced,
                      Instant at) {

    /** What the caller is handed to. */
    public enum Kind {
        /** To the pharmacist (or their voicemail when nobody can answer). */
        TRANSFER,
        /** To nobody: the agent said goodbye and the call is over. */
        FINISHED
    }

    public Handoff {
        Objects.requireNonNull(callSid, "'callSid' must not be null");
        Objects.requireNonNull(kind, "'kind' must not be null");
        Objects.requireNonNull(callerNumber, "'callerNumber' must not be null");
        Objects.requireNonNull(summary, "'summary' must not be null");
        Objects.requireNonNull(at, "'at' must not be null");
    }
}
