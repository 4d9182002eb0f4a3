package org.pharmacyvoice.domain.call.port.out;

import java.util.Optional;
import org.pharmacyvoice.domain.telephony.Errand;

/**
 * Outbound port: which calls the pharmacy placed itself and why, so their agent is briefed for the errand instead of
 * greeting a caller, and what pressing 9 on such a call does.
 */
public interface CallPurposes {

    /** The errand of {@code callSid} if the pharmacy placed it; empty for a call that came in. */
    Optional<Errand> errandOf(String callSid);

    /** The person on the pharmacy's call {@code callSid} pressed 9 for no more calls; whether the number is listed. */
    boolean pressedForNoMoreCalls(String callSid);

    /** For servers that place no calls: every call came in. */
    static CallPurposes none() {
        return new CallPurposes() {
            @Override
            public Optional<Errand> errandOf(String callSid) {
                return Optional.empty();
            }

            @Override
            public boolean pressedForNoMoreCalls(String callSid) {
                return false;
            }
        };
    }
}
