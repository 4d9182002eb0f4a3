package org.pharmacyvoice.domain.telephony;

/** How ringing the pharmacist ended. */
public enum DialOutcome {
    ANSWERED,
    BUSY,
    NO_ANSWER,
    FAILED,
    CANCELED;

    /** Whether someone took the call: anything else leaves the caller for the voicemail. */
    public boolean answered() {
        return this == ANSWERED;
    }
}
