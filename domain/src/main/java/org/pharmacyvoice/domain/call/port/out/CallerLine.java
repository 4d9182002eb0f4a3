package org.pharmacyvoice.domain.call.port.out;

import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * Outbound port: the caller's side of the phone line, as the call bridge uses it.
 *
 * <p>Implementations must be safe to call from several threads at once: agent audio and barge-in arrive on
 * different threads.
 */
public interface CallerLine {

    /** Plays agent audio (8 kHz μ-law, no header) to the caller, after whatever is already queued. */
    void play(byte[] mulaw);

    /** Drops all audio queued for the caller that has not been played yet. */
    void clearPlayback();

    /** Asks to be told (as a played mark) when the audio sent so far has been played. */
    void mark(String name);

    /** Ends the media stream; the telephony side then carries on with its own fallback. */
    void hangUp(CallEndReason reason);
}
