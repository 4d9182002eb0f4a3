package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.telephony.CallContext;

/** Which caller numbers identify a line, which orders a verified caller may see, and what each requester may do. */
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
    void anOrderIsAVerifiedCallersOnlyWhenANumberOnTheirFilePlacedIt() {
        Order alices = order(Optional.of("+15551230001"), OrderStatus.PENDING);
        Order withheld = order(Optional.empty(), OrderStatus.PENDING);

        assertThat(patientWith("(555) 123-0001").maySee(alices), is(true));
        assertThat(patientWith("+15551230002").maySee(alices), is(false));
        assertThat(patientWith("+15551230001").maySee(withheld), is(false));
        assertThat("the line alone proves nothing", Requester.onPhone(new CallerIdentity("CA1")).maySee(alices),
                is(false));
        assertThat(Requester.STAFF.maySee(withheld), is(true));
    }

    @Test
    void callersCancelOnlyPendingOrdersAndStaffWhateverTheStatusRulesAllow() {
        Requester caller = patientWith("+15551230001");

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

    private static Requester patientWith(String number) {
        var identity = new CallerIdentity("CA1");
        LocalDate born = LocalDate.of(1980, 5, 14);
        identity.settle(IdentityClaim.of("Alice Moreau", born),
                List.of(new Patient(1, "Alice", "Moreau", born, List.of(number))));
        return Requester.onPhone(identity);
    }

    private static CallerId callerId(String number) {
        return CallerId.of(new CallContext("CA1", "MZ1", number, "+15550009999"));
    }
}
