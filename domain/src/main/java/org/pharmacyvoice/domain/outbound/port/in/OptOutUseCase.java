package org.pharmacyvoice.domain.outbound.port.in;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.OptOut;

/** Inbound port: a patient (on a call) or staff put a number on the opt-out list; honoured from that moment. */
public interface OptOutUseCase {

    /**
     * Lists the number and ends its queued notifications; the listing (the earlier one if it was listed already).
     *
     * @throws IllegalArgumentException if {@code number} is not a phone number
     */
    OptOut optOut(String number, String source);

    Optional<OptOut> optedOut(String number);

    /** Newest first, at most {@code limit}. */
    List<OptOut> optOuts(int limit);
}
