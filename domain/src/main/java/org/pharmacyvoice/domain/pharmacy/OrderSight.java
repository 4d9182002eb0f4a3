package org.pharmacyvoice.domain.pharmacy;

import java.util.List;
import java.util.Objects;

/**
 * What a requester may see of the orders they ask about. For a caller, an order placed from another line and one
 * that does not exist look the same ({@link NotFound}), so trying order numbers tells nothing about other people's.
 */
public sealed interface OrderSight {

    record Found(Order order) implements OrderSight {
        public Found {
            Objects.requireNonNull(order, "'order' must not be null");
        }
    }

    /** The caller's own recent orders, newest first. */
    record Listed(List<Order> orders) implements OrderSight {
        public Listed {
            orders = List.copyOf(orders);
        }
    }

    record NotFound(long orderId) implements OrderSight {
    }

    /** The caller has not proved who they are ({@code lockedOut}: and can't any more this call). */
    record NotVerified(boolean lockedOut) implements OrderSight {
    }
}
