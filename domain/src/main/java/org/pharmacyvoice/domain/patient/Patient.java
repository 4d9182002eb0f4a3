package org.pharmacyvoice.domain.patient;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A patient of the pharmacy as its records know them: the name and date of birth a caller must give to prove who
 * they are, and the phone numbers on file (E.164, e.g. {@code +15551234567}).
 */
public record Patient(long id, String firstName, String lastName, LocalDate dateOfBirth, List<String> phoneNumbers) {

    public Patient {
        Objects.requireNonNull(firstName, "'firstName' must not be null");
        Objects.requireNonNull(lastName, "'lastName' must not be null");
        Objects.requireNonNull(dateOfBirth, "'dateOfBirth' must not be null");
        phoneNumbers = List.copyOf(phoneNumbers);
    }

    public String fullName() {
        return firstName + " " + lastName;
    }

    /** Whether {@code number} is one of the numbers on file, however the caller or the network wrote it. */
    public boolean hasPhone(String number) {
        String digits = PhoneDigits.of(number);
        return !digits.isEmpty() && phoneNumbers.stream().map(PhoneDigits::of).anyMatch(digits::equals);
    }
}
