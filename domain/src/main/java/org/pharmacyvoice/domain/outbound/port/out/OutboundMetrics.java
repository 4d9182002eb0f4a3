package org.pharmacyvoice.domain.outbound.port.out;

import org.pharmacyvoice.domain.notification.CallOutcome;

/** Outbound port: counts of the pharmacy's own calls for the metrics endpoint, one per outcome. */
public interface OutboundMetrics {

    /** The network took a call. */
    void callPlaced();

    /** The network refused a call for good (credentials, a number it won't call). */
    void callRefused();

    /** The network could not be reached; the call is tried again later. */
    void callDeferred();

    /** An attempt ended this way. */
    void attemptEnded(CallOutcome outcome);

    /** For tests and servers that keep no metrics. */
    static OutboundMetrics none() {
        return new OutboundMetrics() {
            @Override
            public void callPlaced() {
            }

            @Override
            public void callRefused() {
            }

            @Override
            public void callDeferred() {
            }

            @Override
            public void attemptEnded(CallOutcome outcome) {
            }
        };
    }
}
