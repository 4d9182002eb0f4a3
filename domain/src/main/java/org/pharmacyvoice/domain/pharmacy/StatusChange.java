package org.pharmacyvoice.domain.pharmacy;

import java.util.Objects;
import java.util.stream.Collectors;

/** What came of asking the counter to move an order to another status. */
public sealed interface StatusChange {

    /** The order moved; {@code order} is as it is now. */
    record Changed(Order order) implements StatusChange {
        public Changed {
            Objects.requireNonNull(order, "'order' must not be null");
        }
    }

    /** The order already was in the asked-for status, so nothing changed (asking twice is harmless). */
    record AlreadyThere(Order order) implements StatusChange {
        public AlreadyThere {
            Objects.requireNonNull(order, "'order' must not be null");
        }
    }

    /** There is no order with this id, or none the requester may see: the two must look the same to a caller. */
    record NoSuchOrder(long orderId) implements StatusChange {
    }

    /** A caller who has not proved who they are asked ({@code lockedOut}: and can't any more this call). */
    record NotVerified(boolean lockedOut) implements StatusChange {
    }

    /** The rules don't allow this move from the order's current status; {@code order} is as it is now. */
    record NotAllowed(Order order, OrderStatus requested) implements StatusChange {
        public NotAllowed {
            Objects.requireNonNull(order, "'order' must not be null");
            Objects.requireNonNull(requested, "'requested' must not be null");
        }

        /** Why not, in words staff can read: "Order 7 is cancelled, and a cancelled order can't be changed." */
        public String reason() {
            OrderStatus current = order.status();
            if (current.isFinal()) {
                return "Order " + order.id() + " is " + current.spoken() + ", and a " + current.spoken()
                        + " order can't be changed.";
            }
            return "Order " + order.id() + " is " + current.spoken() + ": it can only become "
                    + current.next().stream().map(OrderStatus::code).collect(Collectors.joining(" or "))
                    + ", not " + requested.code() + ".";
        }
    }
}
