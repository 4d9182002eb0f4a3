package org.pharmacyvoice.domain.pharmacy;

import java.util.Objects;

/**
 * Who asks the counter about an order: the pharmacy's staff, who may see and move any order by the rules of
 * {@link OrderStatus}, or a caller on the phone, who may see only orders placed from their own line and cancel them
 * only while nobody has started on them.
 */
public sealed interface Requester {

    /** Staff at the counter or on the dashboard (signed in with the staff token). */
    Requester STAFF = new Staff();

    static Requester caller(CallerId caller) {
        return new Caller(caller);
    }

    /** Whether this requester may see the order at all. */
    boolean maySee(Order order);

    /** Whether this requester may cancel an order that is in {@code status} now. */
    boolean mayCancel(OrderStatus status);

    record Staff() implements Requester {
        @Override
        public boolean maySee(Order order) {
            return true;
        }

        @Override
        public boolean mayCancel(OrderStatus status) {
            return status.canBecome(OrderStatus.CANCELLED);
        }
    }

    record Caller(CallerId id) implements Requester {
        public Caller {
            Objects.requireNonNull(id, "'id' must not be null");
        }

        @Override
        public boolean maySee(Order order) {
            return id.placed(order);
        }

        /** By phone only a pending order: once staff have prepared it, cancelling it is a conversation. */
        @Override
        public boolean mayCancel(OrderStatus status) {
            return status == OrderStatus.PENDING;
        }
    }
}
