package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Which caller numbers identify a caller for finding, looking up and cancelling orders; which orders are theirs. */
class CallerIdTest {

    @Test
    void phoneNumberIdentifiesTheCaller() {
        assertThat(callerId("+15551230001").number(), is(Optional.of("+15551230001")));
    }

    @Test
    void withheldOrMissingNumbersIdentifyNobody() {
        for (String number : new String[] {"", "anonymous", "Restricted", "+266696687", "+7378742833", "client:alice",
                "softphone"}) {
            assertThat(number, callerId(number).isKnown(), is(false));
        }
    }

    @Test
    void anOrderIsOwnedOnlyByTheLineThatPlacedIt() {
        Order alices = order(Optional.of("+15551230001"));
        Order withheld = order(Optional.empty());

        assertThat(callerId("+15551230001").own(Optional.of(alices)), is(Optional.of(alices)));
        assertThat(callerId("+15551230002").own(Optional.of(alices)), is(Optional.empty()));
        assertThat(callerId("+15551230001").own(Optional.empty()), is(Optional.empty()));
        assertThat(callerId("anonymous").own(Optional.of(withheld)), is(Optional.empty()));
        assertThat(callerId("softphone").own(Optional.of(withheld)), is(Optional.empty()));
    }

    private static Order order(Optional<String> callerPhone) {
        Instant placed = Instant.parse("2025-03-14T09:30:00Z");
        return new Order(7, "Alice Moreau", callerPhone, 1, "ibuprofen", 2, new BigDecimal("7.99"),
                OrderStatus.PENDING, PlaceOrderTool.PICKUP_NOTE, placed, placed);
    }

    private static CallerId callerId(String number) {
        return CallerId.of(new CallContext("CA1", "MZ1", number, "+15550009999"));
    }
}
