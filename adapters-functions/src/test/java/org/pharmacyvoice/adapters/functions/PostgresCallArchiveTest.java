package org.pharmacyvoice.adapters.functions;

import org.junit.jupiter.api.extension.ExtendWith;

/** The call archive's contract on PostgreSQL, at the same PG_URL as {@link PostgresPharmacyToolsTest}. */
@ExtendWith(PostgresPharmacyToolsTest.ServerAvailable.class)
class PostgresCallArchiveTest extends CallArchiveContractTest {

    @Override
    DatabaseSettings emptyDatabase() {
        return PostgresPharmacyToolsTest.emptyPostgres();
    }
}
