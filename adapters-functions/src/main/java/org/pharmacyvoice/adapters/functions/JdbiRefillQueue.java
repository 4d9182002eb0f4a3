package org.pharmacyvoice.adapters.functions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/**
 * The refill queue port on the database. Each status change is one conditional UPDATE, and an agent's tool-call id
 * is a unique key, so several servers sharing one database stay consistent. A write joins the unit of work it is
 * made in; made alone, it is a transaction of its own, and so on H2 written to the file before it returns.
 */
final class JdbiRefillQueue implements RefillQueue {

    private final Jdbi jdbi;

    JdbiRefillQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Refill add(NewRefill refill) {
        try {
            return jdbi.inTransaction(handle -> new RefillTables(handle).add(refill));
        } catch (RuntimeException e) {
            if (refill.toolCallId().isPresent() && UniqueViolation.in(e)) {
                throw new ToolCallAlreadyOrdered(refill.toolCallId().get(), e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Refill> refill(long refillId) {
        return jdbi.withHandle(handle -> new RefillTables(handle).find(refillId));
    }

    @Override
    public Optional<Refill> queuedByToolCall(String toolCallId) {
        return jdbi.withHandle(handle -> new RefillTables(handle).queuedByToolCall(toolCallId));
    }

    @Override
    public Optional<Refill> latestOf(String rxNumber) {
        return jdbi.withHandle(handle -> new RefillTables(handle).latestOf(rxNumber));
    }

    @Override
    public List<Refill> find(RefillFilter filter) {
        return jdbi.withHandle(handle -> new RefillTables(handle).matching(filter));
    }

    @Override
    public boolean changeStatus(long refillId, RefillStatus expected, RefillStatus next, Instant at) {
        return jdbi.inTransaction(handle -> new RefillTables(handle).changeStatus(refillId, expected, next, at));
    }
}
