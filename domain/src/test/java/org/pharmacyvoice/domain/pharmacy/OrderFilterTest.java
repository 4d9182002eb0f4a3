package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderFilterTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"+15551234567", "15551234567", " 15551234567", "+1 (555) 123-4567", "1.555.123.4567"})
    void phoneNumberIsKeptAsItsDigitsHoweverStaffTypedIt(String typed) {
        var filter = new OrderFilter(Optional.empty(), Optional.of(typed), 10);

        assertThat(filter.callerDigits(), is(Optional.of("15551234567")));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "anonymous", "555-12", "+1555123456789012", "1555 OR 1=1"})
    void somethingThatIsNotAPhoneNumberIsRefused(String typed) {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new OrderFilter(Optional.empty(), Optional.of(typed), 10));

        assertThat(error.getMessage(), is("not a phone number (7 to 15 digits, may start with +): " + typed));
    }

    @Test
    void pageSizeIsBetweenOneAndTwoHundred() {
        assertThat(new OrderFilter(Optional.empty(), Optional.empty(), 1).limit(), is(1));
        assertThat(new OrderFilter(Optional.empty(), Optional.empty(), 200).limit(), is(200));
        assertThrows(IllegalArgumentException.class, () -> new OrderFilter(Optional.empty(), Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class, () -> new OrderFilter(Optional.empty(), Optional.empty(), 201));
        assertThat(OrderFilter.newest().limit(), is(50));
    }
}
