package org.pharmacyvoice.domain.patient;

/**
 * Compares phone numbers as people say them: only the digits count, and a US number matches with or without its
 * leading country code 1 ("555 123 4567", "+1 (555) 123-4567" and "+15551234567" are one number).
 */
final class PhoneDigits {

    private PhoneDigits() {
    }

    static String of(String number) {
        if (number == null) {
            return "";
        }
        String digits = number.codePoints().filter(c -> c >= '0' && c <= '9')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits;
    }
}
