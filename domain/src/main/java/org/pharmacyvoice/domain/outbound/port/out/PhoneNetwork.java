package org.pharmacyvoice.domain.outbound.port.out;

import java.time.Instant;

/**
 * Outbound port: the telephone network the pharmacy places its own calls through (ready-for-pickup calls, refill
 * reminders).
 *
 * <p>Placing a call is not idempotent at the carrier: a request whose answer was lost may still have rung the
 * patient. Implementations retry only when no call can have been created, and otherwise look for the call before
 * trying again; what they cannot settle they report as {@link CallAttempt.Unreachable#maybePlaced()}, so the
 * caller checks with {@link #recentCallTo} before placing the call again. Safe to call from several threads.
 */
public interface PhoneNetwork {

    /** Asks the network to ring {@code request.to()}; blocks for at most the configured retries and timeouts. */
    CallAttempt placeCall(CallRequest request);

    /** Whether a call to {@code to} was created at or after {@code since}, e.g. by an attempt whose answer was lost. */
    CallCheck recentCallTo(String to, Instant since);

    /**
     * Ends the live call {@code callSid} after saying {@code words} (nothing when empty), whatever it is doing: the
     * voicemail a machine gets after its beep. False when the network refused or could not be reached (logged).
     */
    boolean endWithWords(String callSid, String words);
}
