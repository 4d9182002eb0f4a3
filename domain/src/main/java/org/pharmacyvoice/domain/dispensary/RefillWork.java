package org.pharmacyvoice.domain.dispensary;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.dispensary.port.in.RefillQueueUseCase;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillChange;
import org.pharmacyvoice.domain.prescription.RefillFilter;
import org.pharmacyvoice.domain.prescription.RefillStatus;

/**
 * Staff work through the refill queue by the rules of {@link RefillStatus}. Picking a refill up records the fill on
 * the prescription (the date "too soon" counts from); cancelling one gives its refill back to the prescription, in
 * the same unit of work. A change made by someone else meanwhile is decided again on the refill as it is then.
 */
public final class RefillWork implements RefillQueueUseCase {

    private static final System.Logger LOG = System.getLogger(RefillWork.class.getName());
    /** Each lost race means the refill moved on a step; none moves more than twice. */
    static final int MAX_LOOKS = 4;

    private final RefillQueue queue;
    private final PrescriptionFile prescriptions;
    private final Transactions transactions;
    private final OpeningHours hours;
    private final Clock clock;

    public RefillWork(RefillQueue queue, PrescriptionFile prescriptions, Transactions transactions,
                      OpeningHours hours, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "'queue' must not be null");
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
        this.transactions = Objects.requireNonNull(transactions, "'transactions' must not be null");
        this.hours = Objects.requireNonNull(hours, "'hours' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public List<Refill> listRefills(RefillFilter filter) {
        return queue.find(Objects.requireNonNull(filter, "'filter' must not be null"));
    }

    @Override
    public RefillChange changeRefillStatus(long refillId, RefillStatus next) {
        Objects.requireNonNull(next, "'next' must not be null");
        for (int look = 0; look < MAX_LOOKS; look++) {
            Optional<RefillChange> decided = transactions.inTransaction(() -> tryToMove(refillId, next));
            if (decided.isPresent()) {
                return decided.get();
            }
        }
        throw new IllegalStateException("refill " + refillId + " kept changing while it was being moved to "
                + next.code());
    }

    private Optional<RefillChange> tryToMove(long refillId, RefillStatus next) {
        Optional<Refill> found = queue.refill(refillId);
        if (found.isEmpty()) {
            return Optional.of(new RefillChange.NoSuchRefill(refillId));
        }
        Refill refill = found.get();
        if (refill.status() == next) {
            return Optional.of(new RefillChange.AlreadyThere(refill));
        }
        if (!refill.status().canBecome(next)) {
            return Optional.of(new RefillChange.NotAllowed(refill, next));
        }
        Instant now = clock.instant();
        if (!queue.changeStatus(refillId, refill.status(), next, now)) {
            return Optional.empty();
        }
        switch (next) {
            case PICKED_UP -> prescriptions.filled(refill.rxNumber(), hours.today(now));
            case CANCELLED -> prescriptions.returnRefill(refill.rxNumber());
            case PENDING, READY -> {
            }
        }
        LOG.log(Level.INFO, "refill {0} {1} -> {2}", Long.toString(refillId), refill.status().code(), next.code());
        return Optional.of(new RefillChange.Changed(queue.refill(refillId).orElseThrow()));
    }
}
