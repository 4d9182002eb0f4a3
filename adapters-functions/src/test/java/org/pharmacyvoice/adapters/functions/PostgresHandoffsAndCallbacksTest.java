package org.pharmacyvoice.adapters.functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The front desk ports' contract on PostgreSQL, at the same PG_URL as {@link PostgresPharmacyToolsTest}, and skipped
 * or run by the same rule; each test wipes that database first.
 */
@ExtendWith(PostgresPharmacyToolsTest.ServerAvailable.class)
class PostgresHandoffsAndCallbacksTest extends HandoffsAndCallbacksContractTest {

    private PharmacyDatabase database;

    @Override
    void openEmptyStores() {
        database = PharmacyDatabase.open(PostgresPharmacyToolsTest.emptyPostgres());
        handoffs = database.handoffs();
        callbacks = database.callbacks();
    }

    @Override
    void closeStores() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void valuesLongerThanTheirColumnsAreClippedInsteadOfFailingTheWrite() {
        assertLongValuesAreClipped(handoffs, callbacks);
    }
}
