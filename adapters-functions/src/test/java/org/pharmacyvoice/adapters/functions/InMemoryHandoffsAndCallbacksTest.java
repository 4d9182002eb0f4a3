package org.pharmacyvoice.adapters.functions;

import org.pharmacyvoice.domain.fakes.InMemoryFrontDesk;

/** The domain's in-memory front desk stores keep the same contract as the database, so tests on them can be trusted. */
class InMemoryHandoffsAndCallbacksTest extends HandoffsAndCallbacksContractTest {

    @Override
    void openEmptyStores() {
        var desk = new InMemoryFrontDesk();
        handoffs = desk;
        callbacks = desk;
    }

    @Override
    void closeStores() {
    }
}
