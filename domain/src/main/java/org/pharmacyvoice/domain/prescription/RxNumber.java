package org.pharmacyvoice.domain.prescription;

import java.util.Optional;

/**
 * An Rx number as printed on a label: 6 to 10 digits. Callers say or type it with spaces, dashes or a leading "Rx";
 * only the digits count.
 */
public final class RxNumber {

    private RxNumber() {
    }

    /** The digits of {@code said}, if they can be an Rx number. */
    public static Optional<String> read(String said) {
        if (said == null || said.length() > 64) {
            return Optional.empty();
        }
        String stripped = said.strip().replaceFirst("(?i)^rx\\s*(number|no\\.?|#)?\\s*:?", "");
        if (!stripped.matches("[0-9 .\\-#]*")) {
            return Optional.empty();
        }
        String digits = stripped.replaceAll("[^0-9]", "");
        return digits.length() >= 6 && digits.length() <= 10 ? Optional.of(digits) : Optional.empty();
    }

    /** The last two digits only, for what staff and logs may show of a number a caller gave. */
    public static String masked(String rxNumber) {
        return rxNumber.length() <= 2 ? "••" : "•".repeat(rxNumber.length() - 2) + rxNumber.substring(rxNumber.length() - 2);
    }
}
