package org.pharmacyvoice.adapters.functions;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dispensary ports' contract on PostgreSQL, at the same PG_URL as {@link PostgresPharmacyToolsTest}, and skipped
 * or run by the same rule; each test wipes that database first.
 */
@ExtendWith(PostgresPharmacyToolsTest.ServerAvailable.class)
class PostgresPatientsAndPrescriptionsTest extends PatientsAndPrescriptionsContractTest {

    @Override
    DatabaseSettings emptyDatabase() {
        return PostgresPharmacyToolsTest.emptyPostgres();
    }
}
