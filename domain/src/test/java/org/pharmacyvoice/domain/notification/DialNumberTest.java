package org.pharmacyvoice.domain.notification;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers staff and the network write, read as E.164 or refused. */
class DialNumberTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+15551230001|+15551230001",
            "(555) 123-0001|+15551230001",
            "1 555 123 0001|+15551230001",
            "+44 20 7946 0958|+442079460958",
            "555 0001|",
            "+0123456789|",
            "call me|",
            "+1555123000112345678|"})
    void readsOrRefuses(String written, String expected) {
        assertThat(DialNumber.of(written), is(Optional.ofNullable(expected)));
    }
}
