package org.pharmacyvoice.domain.frontdesk.port.out;

import java.util.Optional;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * Outbound port: the handoffs of calls whose agent ended them on purpose, shared by every server, since Twilio may ask
 * another server than the one that carried the stream what to do next.
 */
public interface Handoffs {

    /** Keeps {@code handoff}, durably, before it returns; a second one for the same call replaces nothing. */
    void record(Handoff handoff);

    Optional<Handoff> find(String callSid);

    /** Keeps nothing: every call's next step is the fallback (a server without a database, tests). */
    static Handoffs none() {
        return new Handoffs() {
            @Override
            public void record(Handoff handoff) {
            }

            @Override
            public Optional<Handoff> find(String callSid) {
                return Optional.empty();
            }
        };
    }
}
