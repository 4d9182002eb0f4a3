package org.pharmacyvoice.adapters.functions;

import java.time.Clock;
import org.pharmacyvoice.domain.counter.PharmacyCounter;

/** The counter over a test database, wired as the composition root wires it, with the test's clock. */
final class PharmacyCounters {

    private PharmacyCounters() {
    }

    static PharmacyCounter on(PharmacyDatabase database, Clock clock) {
        return PharmacyCounter.open(database.formulary(), database.orderLedger(clock), database.transactions(), clock);
    }
}
