package org.pharmacyvoice.adapters.functions;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbound ports' contract on PostgreSQL, at the same PG_URL as {@link PostgresPharmacyToolsTest}, and skipped
 * or run by the same rule; each test wipes that database first.
 */
@ExtendWith(PostgresPharmacyToolsTest.ServerAvailable.class)
class PostgresOutboundNotificationsTest extends OutboundNotificationsContractTest {

    @Override
    DatabaseSettings emptyDatabase() {
        return PostgresPharmacyToolsTest.emptyPostgres();
    }
}
