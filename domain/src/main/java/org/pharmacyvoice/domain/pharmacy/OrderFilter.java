package org.pharmacyvoice.domain.pharmacy;

import java.util.Objects;
import java.util.Optional;

/**
 * Which orders staff want to see, newest first: optionally only those in one status and/or placed from one phone
 * number, and never more than a page of {@code limit} (at most {@value #MAX_LIMIT}) at a time.
 *
 * <p>{@code callerDigits} keeps only the digits of the number staff typed: numbers are stored as the phone network
 * gives them ("+15551234567"), and a '+' typed into a URL query arrives as a space, so a stored number matches
 * with or without its leading '+'.
 */
public record OrderFilter(Optional<OrderStatus> status, Optional<String> callerDigits, int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public OrderFilter {
        Objects.requireNonNull(status, "'status' must not be null");
        Objects.requireNonNull(callerDigits, "'callerDigits' must not be null");
        callerDigits = callerDigits.map(OrderFilter::digitsOf);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** The newest {@value #DEFAULT_LIMIT} orders, whatever their status and caller. */
    public static OrderFilter newest() {
        return new OrderFilter(Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    /** "+1 (555) 123-4567" becomes "15551234567"; anything else than a phone number of 7 to 15 digits is refused. */
    private static String digitsOf(String typed) {
        String digits = typed.strip().replaceAll("[\\s().-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (!digits.matches("[0-9]{7,15}")) {
            throw new IllegalArgumentException("not a phone number (7 to 15 digits, may start with +): " + typed);
        }
        return digits;
    }
}
