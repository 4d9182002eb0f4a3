package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Which caller numbers identify a caller's line, which orders are theirs, and what each requester may do. */
class CallerIdTest {

    @Test
    void aPhoneNumberIdentifiesTheCaller() {
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
    void anOrderIsTheCallersOnlyWhenTheirLinePlacedIt() {
        Order alices = order(Optional.of("+15551230001"), OrderStatus.PENDING);
        Order withheld = order(Optional.empty(), OrderStatus.PENDING);

        assertThat(callerId("+15551230001").placed(alices), is(true));
        assertThat(callerId("+15551230002").placed(alices), is(false));
        assertThat(callerId("anonymous").placed(withheld), is(false));
        assertThat(Requester.caller(callerId("+15551230002")).maySee(alices), is(false));
        assertThat(Requester.STAFF.maySee(withheld), is(true));
    }

    @Test
    void callersCancelOnlyPendingOrdersAndStaffWhateverTheStatusRulesAllow() {
        Requester caller = Requester.caller(callerId("+15551230001"));

        assertThat(caller.mayCancel(OrderStatus.PENDING), is(true));
        assertThat(caller.mayCancel(OrderStatus.READY), is(false));
        assertThat(Requester.STAFF.mayCancel(OrderStatus.READY), is(true));
        assertThat(Requester.STAFF.mayCancel(OrderStatus.PICKED_UP), is(false));
    }

    static Order order(Optional<String> callerPhone, OrderStatus status) {
        Instant placed = Instant.parse("2025-03-14T09:30:00Z");
        return new Order(7, "Alice Moreau", callerPhone, 1, "ibuprofen", 2, new BigDecimal("7.99"), status, "",
                placed, placed);
    }

    private static CallerId callerId(String number) {
        return CallerId.of(new CallContext("CA1", "MZ1", number, "+15550009999"));
    }
}
