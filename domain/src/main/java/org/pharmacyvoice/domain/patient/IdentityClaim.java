package org.pharmacyvoice.domain.patient;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a caller says they are: a name and a date of birth, and, when those fit more than one patient, an Rx number
 * from one of their labels or the phone number on file.
 */
public record IdentityClaim(String name, LocalDate dateOfBirth, Optional<String> rxNumber,
                            Optional<String> phoneNumber) {

    public IdentityClaim {
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(dateOfBirth, "'dateOfBirth' must not be null");
        Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
        Objects.requireNonNull(phoneNumber, "'phoneNumber' must not be null");
    }

    public static IdentityClaim of(String name, LocalDate dateOfBirth) {
        return new IdentityClaim(name, dateOfBirth, Optional.empty(), Optional.empty());
    }

    /** Whether the caller gave something beyond name and date of birth to tell two patients apart. */
    public boolean hasTieBreaker() {
        return rxNumber.isPresent() || phoneNumber.isPresent();
    }
}
