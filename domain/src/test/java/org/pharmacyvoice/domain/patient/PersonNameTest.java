package org.pharmacyvoice.domain.patient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names compared the way a person at the counter compares them. */
class PersonNameTest {

    private static final Patient JOSE = new Patient(1, "José", "García-Lopez", LocalDate.of(1970, 1, 2),
            List.of("+12025550101"));

    @ParameterizedTest
    @ValueSource(strings = {"José García-Lopez", "jose garcia lopez", "GARCIA-LOPEZ, JOSE", "José Maria García-Lopez",
        "  José   García Lopez ", "Jose Garcia Lopez Junior"})
    void theSameNameHoweverItIsWritten(String said) {
        assertThat(PersonName.of(said).names(JOSE), is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"José", "García-Lopez", "Joe Garcia Lopez", "Jose Garcia", "", "!!!",
        "Jose Garcia Lopez Ann Bob Carl Dee Eve Fay"})
    void aPartialOrDifferentNameIsNot(String said) {
        assertThat(PersonName.of(said).names(JOSE), is(false));
    }
}
