package org.pharmacyvoice.domain.notification;

import java.util.Optional;

/**
 * A number the pharmacy may dial and list for opt-out, in E.164 ({@code +15551234567}), however staff or the network
 * wrote it. Ten digits without a country code are read as a US number (the pharmacy's own country), eleven starting
 * with 1 likewise; anything else without a '+' is not guessed at.
 */
public final class DialNumber {

    private DialNumber() {
    }

    /** The number in E.164, if it can be one. */
    public static Optional<String> of(String written) {
        if (written == null || written.length() > 40) {
            return Optional.empty();
        }
        String stripped = written.strip();
        if (!stripped.matches("\\+?[0-9 ().\\-]+")) {
            return Optional.empty();
        }
        String digits = stripped.replaceAll("[^0-9]", "");
        String e164;
        if (stripped.startsWith("+")) {
            e164 = "+" + digits;
        } else if (digits.length() == 10) {
            e164 = "+1" + digits;
        } else if (digits.length() == 11 && digits.startsWith("1")) {
            e164 = "+" + digits;
        } else {
            return Optional.empty();
        }
        return e164.length() >= 9 && e164.length() <= 16 && e164.charAt(1) != '0' ? Optional.of(e164) : Optional.empty();
    }
}
