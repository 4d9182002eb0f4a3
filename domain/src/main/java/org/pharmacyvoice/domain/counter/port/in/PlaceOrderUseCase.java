package org.pharmacyvoice.domain.counter.port.in;

import java.util.Objects;
import org.pharmacyvoice.domain.pharmacy.OrderPlacement;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Inbound port: a caller orders packs of one drug for pickup. */
public interface PlaceOrderUseCase {

    OrderPlacement placeOrder(PlaceOrder command);

    /**
     * The order as the caller confirmed it, on this call; {@code toolCallId} is the agent's id of the request, which
     * never places two orders (blank: no such protection).
     */
    record PlaceOrder(CallContext call, String toolCallId, String customerName, String drugName, int quantity) {
        public PlaceOrder {
            Objects.requireNonNull(call, "'call' must not be null");
            toolCallId = toolCallId == null ? "" : toolCallId;
            Objects.requireNonNull(customerName, "'customerName' must not be null");
            Objects.requireNonNull(drugName, "'drugName' must not be null");
            if (quantity < 1) {
                throw new IllegalArgumentException("an order is for at least one pack: " + quantity);
            }
        }
    }
}
