package org.pharmacyvoice.it.load;

/**
 * Checks one call's frames in one direction as they arrive: counts them, and notices a frame that arrives after a
 * later one (reordered) or a sequence number seen before (duplicate). Frames never seen are counted at the end as
 * sent minus received. Used by one receiving thread only.
 */
final class FrameOrder {

    private int next;
    private long received;
    private long reordered;
    private long gaps;

    void arrived(int sequence) {
        received++;
        if (sequence == next) {
            next++;
        } else if (sequence > next) {
            gaps += sequence - next;
            next = sequence + 1;
        } else {
            // Earlier than one already seen: reordered if it filled a gap, or a duplicate; both are failures.
            reordered++;
        }
    }

    long received() {
        return received;
    }

    long reordered() {
        return reordered;
    }

    /** Sequence numbers skipped when a later frame arrived (a frame lost or, if it still comes, reordered). */
    long gaps() {
        return gaps;
    }
}
