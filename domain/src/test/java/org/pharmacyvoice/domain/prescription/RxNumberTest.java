package org.pharmacyvoice.domain.prescription;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rx numbers as callers say or type them. */
class RxNumberTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1000042|1000042", "1 000 042|1000042", "100-0042|1000042", "Rx 1000042|1000042", "rx#1000042|1000042",
        "RX number: 1000042|1000042", "  1000042 |1000042"})
    void onlyTheDigitsCount(String said, String digits) {
        assertThat(RxNumber.read(said), equalTo(Optional.of(digits)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "12345678901", "one two three", "1000042; drop table", "10000４2"})
    void whatCannotBeAnRxNumberIsRefused(String said) {
        assertThat(RxNumber.read(said), equalTo(Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({"1000042,•••••42"})
    void maskedShowsTheLastTwoDigits(String rx, String masked) {
        assertThat(RxNumber.masked(rx), equalTo(masked));
    }
}
