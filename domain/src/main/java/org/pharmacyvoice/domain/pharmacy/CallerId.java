package org.pharmacyvoice.domain.pharmacy;

import java.util.Optional;
import java.util.Set;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * The caller's number as the phone network reported it, when it identifies a line; withheld numbers (and the
 * browser softphone, which has none) identify nobody. Stored with an order, so that a caller who later proves to be
 * a patient finds the orders placed from a number on their file. Caller ID can be forged: it proves nothing alone.
 */
public record CallerId(Optional<String> number) {

    /** Twilio's stand-ins for withheld numbers: ANONYMOUS, RESTRICTED, UNKNOWN, UNAVAILABLE, BLOCKED on a keypad. */
    private static final Set<String> WITHHELD = Set.of(
            "+266696687", "+7378742833", "+8656696", "+86282452253", "+2562533");

    public CallerId {
        number = number == null ? Optional.empty() : number;
    }

    public static CallerId of(CallContext call) {
        String number = call.callerNumber().strip();
        boolean usable = number.matches("\\+?[0-9]{7,15}") && !WITHHELD.contains(number);
        return new CallerId(usable ? Optional.of(number) : Optional.empty());
    }

    public boolean isKnown() {
        return number.isPresent();
    }
}
