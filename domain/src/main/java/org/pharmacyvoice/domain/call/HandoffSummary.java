package org.pharmacyvoice.domain.call;

import java.util.Collection;
import java.util.stream.Collectors;
import org.pharmacyvoice.domain.patient.CallerIdentity;

/**
 * The sentence a pharmacist hears before taking a transferred call. Who the caller is comes from the server's own
 * verification, never from what the model says; the model only adds the reason, in a few words; the Rx numbers are
 * those the pharmacy's tools answered about for this patient.
 */
final class HandoffSummary {

    private HandoffSummary() {
    }

    static String of(CallerIdentity caller, String reason, Collection<String> rxNumbers) {
        var summary = new StringBuilder(caller.patient()
                .map(patient -> "Verified patient " + patient.fullName() + ".")
                .orElse(caller.isLockedOut() ? "Unverified caller: verification failed three times."
                        : "Unverified caller."));
        String why = printable(reason);
        if (!why.isEmpty()) {
            summary.append(" Reason: ").append(why).append(why.endsWith(".") ? "" : ".");
        }
        if (!rxNumbers.isEmpty()) {
            // Digit by digit, as a pharmacist writes them down.
            summary.append(" Rx ").append(rxNumbers.size() == 1 ? "number" : "numbers").append(" discussed: ")
                    .append(rxNumbers.stream().map(HandoffSummary::spelled).collect(Collectors.joining("; ")))
                    .append('.');
        }
        return summary.toString();
    }

    private static String spelled(String digits) {
        return digits.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(" "));
    }

    /** The model's words as one short line: no control characters, no markup for the speech engine to trip on. */
    private static String printable(String text) {
        String line = text.replaceAll("[\\p{Cntrl}<>]", " ").replaceAll("\\s+", " ").strip();
        return line.length() <= CallControlTools.MAX_REASON ? line : line.substring(0, CallControlTools.MAX_REASON);
    }
}
