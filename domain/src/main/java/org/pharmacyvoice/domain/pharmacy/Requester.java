package org.pharmacyvoice.domain.pharmacy;

import java.util.Objects;
import org.pharmacyvoice.domain.patient.CallerIdentity;

/**
 * Who asks the counter about an order: the pharmacy's staff, who may see and move any order by the rules of
 * {@link OrderStatus}, or a caller on the phone, who must first prove to be a patient (caller ID can be forged) and
 * may then see the orders placed from a phone number on that patient's file, and cancel them only while nobody has
 * started on them.
 */
public sealed interface Requester {

    /** Staff at the counter or on the dashboard (signed in with the staff token). */
    Requester STAFF = new Staff();

    static Requester onPhone(CallerIdentity caller) {
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

    record Caller(CallerIdentity identity) implements Requester {
        public Caller {
            Objects.requireNonNull(identity, "'identity' must not be null");
        }

        /** Only a verified patient's own orders: placed from a number on their file. */
        @Override
        public boolean maySee(Order order) {
            return identity.patient()
                    .map(patient -> order.callerPhone().map(patient::hasPhone).orElse(false))
                    .orElse(false);
        }

        /** By phone only a pending order: once staff have prepared it, cancelling it is a conversation. */
        @Override
        public boolean mayCancel(OrderStatus status) {
            return status == OrderStatus.PENDING;
        }

        /** Whether the caller has proved who they are; until then they hear nothing about any order. */
        public boolean isVerified() {
            return identity.isVerified();
        }
    }
}
