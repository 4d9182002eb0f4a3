package org.pharmacyvoice.domain.dispensary.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/** Outbound port: the pharmacy's refill work queue, shared by every server. Status changes are compare-and-set. */
public interface RefillQueue {

    /**
     * Queues a pending refill and returns it with its number.
     *
     * @throws ToolCallAlreadyOrdered when a refill for the same tool call was queued meanwhile
     */
    Refill add(NewRefill refill);

    Optional<Refill> refill(long refillId);

    /** The refill an agent request already queued. */
    Optional<Refill> queuedByToolCall(String toolCallId);

    /** The newest refill of a prescription, whatever its status. */
    Optional<Refill> latestOf(String rxNumber);

    /** Refills matching the filter, newest first. */
    List<Refill> find(RefillFilter filter);

    /** Moves the refill from {@code expected} to {@code next} if it is still {@code expected}; false if not. */
    boolean changeStatus(long refillId, RefillStatus expected, RefillStatus next, Instant at);
}
