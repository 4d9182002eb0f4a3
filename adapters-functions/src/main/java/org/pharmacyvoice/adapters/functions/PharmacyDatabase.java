package org.pharmacyvoice.adapters.functions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OptOutList;
import org.pharmacyvoice.domain.outbound.port.out.ReminderRoster;

/** Opens the pool (HikariCP), runs Flyway migrations on start, and closes everything. */
public final class PharmacyDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PharmacyDatabase.class.getName());
    private static final long CONNECTION_TIMEOUT_MILLIS = 3_000;
    private static final int HEALTH_QUERY_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final String productName;
    private final CommitDurability durability;

    private PharmacyDatabase(HikariDataSource pool, String productName, CommitDurability durability) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        if (durability.checkpointAfterTransactions()) {
            jdbi.setTransactionHandler(new H2Checkpoints(jdbi.getTransactionHandler()));
        }
        this.productName = productName;
        this.durability = durability;
    }

    /**
     * Connects, brings the schema and the formulary up to date, and returns the open database.
     *
     * @throws IllegalStateException when the database can't be reached or migrated; the message says which
     */
    public static PharmacyDatabase open(DatabaseSettings settings) {
        H2FileLocation.createDirectoryFor(settings.url());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(settings));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot connect to the pharmacy database at " + settings.urlForLogs()
                    + ": " + rootMessage(e), e);
        }
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load();
            MigrateResult migration = flyway.migrate();
            String productName;
            CommitDurability durability;
            try (Connection connection = pool.getConnection()) {
                productName = connection.getMetaData().getDatabaseProductName();
                durability = CommitDurability.of(connection, productName, settings.url());
            }
            // targetSchemaVersion is null when nothing was applied, so ask for the current version instead.
            var current = flyway.info().current();
            LOG.log(Level.INFO, "Pharmacy database {0} at {1} is at schema version {2} ({3} migrations applied now)",
                    productName, settings.urlForLogs(), current == null ? "none" : current.getVersion(),
                    migration.migrationsExecuted);
            LOG.log(durability.crashSafe() ? Level.INFO : Level.WARNING, "Commit durability: {0}",
                    durability.description());
            return new PharmacyDatabase(pool, productName, durability);
        } catch (RuntimeException | SQLException e) {
            pool.close();
            throw new IllegalStateException("Cannot prepare the pharmacy database at " + settings.urlForLogs() + ": "
                    + rootMessage(e), e);
        }
    }

    /** Connections borrowed from the pool right now: zero when no call or request is using the database. */
    public int connectionsInUse() {
        var bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }

    /** A cheap "SELECT 1" with a short timeout, for health checks; never throws. */
    public boolean isReachable() {
        if (pool.isClosed()) {
            return false;
        }
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(HEALTH_QUERY_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                return result.next();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Pharmacy database is not reachable: {0}", rootMessage(e));
            return false;
        }
    }

    /** The database product, e.g. "H2" or "PostgreSQL", for health output. */
    public String productName() {
        return productName;
    }

    /** The formulary and its stock. */
    public Formulary formulary() {
        return new JdbiFormulary(jdbi);
    }

    /** The orders. */
    public OrderLedger orderLedger() {
        return orderLedger(Clock.systemUTC());
    }

    /**
     * Files the fictional demo patients (README, "Demo patients") with dates counted back from {@code today}, unless
     * the database has patients already; whether it filed them.
     */
    public boolean fileDemoPatients(LocalDate today) {
        try {
            return jdbi.withHandle(handle -> DemoPatients.fileInto(handle, today));
        } catch (RuntimeException e) {
            if (UniqueViolation.in(e)) {
                // Another server starting on the same empty database filed them first; this one's work rolled back.
                return false;
            }
            throw e;
        }
    }

    /** The pharmacy's patients. */
    public PatientRegistry patients() {
        return new JdbiPatientRegistry(jdbi);
    }

    /** The prescriptions on file. */
    public PrescriptionFile prescriptions() {
        return new JdbiPrescriptionFile(jdbi);
    }

    /** The refill work queue. */
    public RefillQueue refillQueue() {
        return new JdbiRefillQueue(jdbi);
    }

    /** The requests to prescribers for new prescriptions. */
    public RenewalRequests renewalRequests() {
        return new JdbiRenewalRequests(jdbi);
    }

    /** The handoffs of calls the agent ended on purpose, for whichever server Twilio asks next. */
    public Handoffs handoffs() {
        return new JdbiHandoffs(jdbi);
    }

    /** The callers waiting for the pharmacy to call them back. */
    public Callbacks callbacks() {
        return new JdbiCallbacks(jdbi);
    }

    /** The calls the pharmacy owes patients, and the attempts made for them. */
    public NotificationBook notifications() {
        return new JdbiNotificationBook(jdbi);
    }

    /** The numbers that asked for no more calls. */
    public OptOutList optOuts() {
        return new JdbiOptOutList(jdbi);
    }

    /** The prescriptions of patients who asked for refill reminders. */
    public ReminderRoster reminderRoster() {
        return new JdbiReminderRoster(jdbi);
    }

    /**
     * Units of work over the formulary, the orders, and the patients' prescriptions, refills and renewal requests,
     * durable before they return.
     */
    public Transactions transactions() {
        return new JdbiTransactions(jdbi);
    }

    @Override
    public void close() {
        pool.close();
    }

    OrderLedger orderLedger(Clock clock) {
        return new JdbiOrderLedger(jdbi, clock);
    }

    /**
     * The database for the tools and stores. Writes that anyone is told about go in {@code inTransaction} or
     * {@code useTransaction}: on H2 that is what writes them to the file before they return ({@link H2Checkpoints}).
     */
    Jdbi jdbi() {
        return jdbi;
    }

    /** What a commit survives here, as logged at start-up. */
    CommitDurability durability() {
        return durability;
    }

    private static HikariConfig poolConfig(DatabaseSettings settings) {
        var config = new HikariConfig();
        config.setPoolName("pharmacy-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        // A caller is waiting on the phone: better a quick "try again" than a long silence.
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        return config;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
