package org.pharmacyvoice.domain.outbound.port.in;

/**
 * Inbound port for the dialling loop every server runs: place the calls due now, and settle the claims a crashed
 * server left behind. Several servers may run it at once on one database; a notification is dialled by one only.
 */
public interface DialUseCase {

    /** Places the calls due now, at most {@code limit}, claimed for {@code serverId}; how many were placed. */
    int dialDue(String serverId, int limit);

    /**
     * Settles notifications left calling for longer than any call lasts: one whose attempt never started goes back
     * to the queue; one whose attempt started counts it as failed (it may have rung, so it counts against the
     * limits). How many were settled.
     */
    int settleAbandoned();
}
