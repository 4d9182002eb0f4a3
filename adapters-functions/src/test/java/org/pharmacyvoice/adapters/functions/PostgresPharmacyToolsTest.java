package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The pharmacy tools contract on PostgreSQL, at PG_URL (default jdbc:postgresql://localhost:5432/pharmacy_test)
 * as PG_USER / PG_PASSWORD (default postgres / postgres). Each test wipes that database's schema first, so never
 * point it at a database whose data matters. Without PG_URL, each test is skipped, saying why, when no server
 * answers at the default address; with PG_URL set (as in CI) the tests always run, and fail if it can't be reached.
 */
@ExtendWith(PostgresPharmacyToolsTest.ServerAvailable.class)
class PostgresPharmacyToolsTest extends PharmacyToolsContractTest {

    private static final String URL = environment("PG_URL", "jdbc:postgresql://localhost:5432/pharmacy_test");
    private static final String USER = environment("PG_USER", "postgres");
    private static final String PASSWORD = environment("PG_PASSWORD", "postgres");

    @Override
    DatabaseSettings emptyDatabase() {
        return emptyPostgres();
    }

    @Test
    void synchronousCommitTurnedOffForThisServersConnectionsIsFound() {
        String asynchronous = URL + (URL.contains("?") ? "&" : "?") + "options=-c%20synchronous_commit%3Doff";

        try (var unsafe = PharmacyDatabase.open(new DatabaseSettings(asynchronous, USER, PASSWORD, 2))) {
            assertThat(unsafe.durability().crashSafe(), is(false));
            assertThat(unsafe.durability().description(), containsString("synchronous_commit=off, so a commit "
                    + "returns before it is flushed"));
        }
    }

    /** The test database at PG_URL, wiped of every table. */
    static DatabaseSettings emptyPostgres() {
        Flyway.configure().dataSource(URL, USER, PASSWORD).cleanDisabled(false).load().clean();
        return new DatabaseSettings(URL, USER, PASSWORD, 4);
    }

    /** Skips each test, rather than failing it, on machines without a PostgreSQL server and without PG_URL. */
    static final class ServerAvailable implements ExecutionCondition {

        private static volatile Boolean reachable;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (System.getenv("PG_URL") != null && !System.getenv("PG_URL").isBlank()) {
                // Asked for explicitly (CI): an unreachable server must fail the build, not skip silently.
                return ConditionEvaluationResult.enabled("PG_URL is set: running against " + URL);
            }
            if (reachable == null) {
                reachable = reachable();
            }
            return reachable
                    ? ConditionEvaluationResult.enabled("PostgreSQL is reachable at " + URL)
                    : ConditionEvaluationResult.disabled("No PostgreSQL server reachable at " + URL + " as " + USER
                            + ": skipped (set PG_URL, PG_USER and PG_PASSWORD to run the PostgreSQL contract tests)");
        }
    }

    private static boolean reachable() {
        var properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        try (Connection connection = DriverManager.getConnection(URL, properties)) {
            return connection.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String environment(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
