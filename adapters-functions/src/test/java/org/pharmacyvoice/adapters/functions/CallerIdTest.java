package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.model.CallContext;

/** Which caller numbers identify a caller for finding and cancelling orders. */
class CallerIdTest {

    @Test
    void phoneNumberIdentifiesTheCaller() {
        assertThat(callerId("+15551230001").number(), is(Optional.of("+15551230001")));
    }

    @Test
    void withheldOrMissingNumbersIdentifyNobody() {
        for (String number : new String[] {"", "anonymous", "Restricted", "+266696687", "+7378742833", "client:alice"}) {
            assertThat(number, callerId(number).isKnown(), is(false));
        }
    }

    private static CallerId callerId(String number) {
        return CallerId.of(new CallContext("CA1", "MZ1", number, "+15550009999"));
    }
}
