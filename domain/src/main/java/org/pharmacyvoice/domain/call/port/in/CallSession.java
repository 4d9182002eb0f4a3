package org.pharmacyvoice.domain.call.port.in;

import org.pharmacyvoice.domain.telephony.CallEndReason;

/** Inbound port: what happens on the caller's side of one call, as the telephony adapter sees it. */
public interface CallSession {

    /** Caller audio (8 kHz μ-law, as received). */
    void callerAudio(byte[] mulaw);

    /** The caller pressed a key. */
    void callerPressed(String digit);

    /** Audio sent before the mark {@code name} has been played (or cleared). */
    void markPlayed(String name);

    /** The stream ended on the telephony side; calling it more than once does nothing. */
    void ended(CallEndReason reason);
}
