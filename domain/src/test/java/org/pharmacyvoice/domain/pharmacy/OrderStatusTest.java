package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "PENDING,   READY,     true",
            "PENDING,   CANCELLED, true",
            "PENDING,   PICKED_UP, false",
            "PENDING,   PENDING,   false",
            "READY,     PICKED_UP, true",
            "READY,     CANCELLED, true",
            "READY,     PENDING,   false",
            "READY,     READY,     false",
            "PICKED_UP, PENDING,   false",
            "PICKED_UP, READY,     false",
            "PICKED_UP, CANCELLED, false",
            "PICKED_UP, PICKED_UP, false",
            "CANCELLED, PENDING,   false",
            "CANCELLED, READY,     false",
            "CANCELLED, PICKED_UP, false",
            "CANCELLED, CANCELLED, false"})
    void everyMoveBetweenTwoStatusesIsAllowedOnlyAlongTheRules(OrderStatus from, OrderStatus to, boolean allowed) {
        assertThat(from.canBecome(to), is(allowed));
    }

    @Test
    void pickedUpAndCancelledAreFinalAndNothingElseIs() {
        assertThat(OrderStatus.PICKED_UP.isFinal(), is(true));
        assertThat(OrderStatus.CANCELLED.isFinal(), is(true));
        assertThat(OrderStatus.PENDING.isFinal(), is(false));
        assertThat(OrderStatus.READY.isFinal(), is(false));
    }

    @Test
    void codesAreTheStoredLowerSnakeCaseNamesAndReadBackExactly() {
        assertThat(OrderStatus.codes(), contains("pending", "ready", "picked_up", "cancelled"));
        assertThat(OrderStatus.fromCode("picked_up"), is(Optional.of(OrderStatus.PICKED_UP)));
        assertThat(OrderStatus.fromCode("PICKED_UP"), is(Optional.empty()));
        assertThat(OrderStatus.fromCode("shipped"), is(Optional.empty()));
        assertThat(OrderStatus.PICKED_UP.spoken(), is("picked up"));
    }
}
