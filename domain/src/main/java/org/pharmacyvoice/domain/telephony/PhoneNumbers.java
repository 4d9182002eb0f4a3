package org.pharmacyvoice.domain.telephony;

/** Masks phone numbers so that logs identify a caller without exposing the whole number. */
public final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /** "+15551234567" becomes "+1******4567"; short or empty values become "***". */
    public static String mask(String number) {
        if (number == null || number.length() < 7) {
            return "***";
        }
        int keepStart = number.startsWith("+") ? 2 : 1;
        int keepEnd = 4;
        return number.substring(0, keepStart)
                + "*".repeat(number.length() - keepStart - keepEnd)
                + number.substring(number.length() - keepEnd);
    }
}
