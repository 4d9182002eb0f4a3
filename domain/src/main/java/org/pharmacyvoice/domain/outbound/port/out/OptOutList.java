package org.pharmacyvoice.domain.outbound.port.out;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.OptOut;

/** Outbound port: the numbers that asked for no more calls, by E.164 number. */
public interface OptOutList {

    /** Adds the number unless it is listed; the entry as it is listed (the first one if it was). */
    OptOut add(OptOut optOut);

    Optional<OptOut> find(String phoneNumber);

    /** Newest first, at most {@code limit}. */
    List<OptOut> list(int limit);
}
