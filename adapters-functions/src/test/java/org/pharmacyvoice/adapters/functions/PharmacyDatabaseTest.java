package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, checking and closing the database, as the composition root and the health check do. */
class PharmacyDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void openingAnH2FileCreatesItsMissingFolder() {
        Path missing = folder.resolve("not/yet/there");

        try (var database = PharmacyDatabase.open(
                new DatabaseSettings("jdbc:h2:file:" + missing.resolve("pharmacy"), "sa", "", 2))) {
            assertThat(database.isReachable(), is(true));
            assertThat(Files.isDirectory(missing), is(true));
            assertThat(Files.exists(missing.resolve("pharmacy.mv.db")), is(true));
        }
    }

    @Test
    void healthReportsProductAndReachabilityUntilClosed() {
        // Empty user and password, as the application's defaults for the H2 file database.
        var database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:file:" + folder.resolve("db"), "", "", 2));

        assertThat(database.productName(), is("H2"));
        assertThat(database.isReachable(), is(true));
        database.close();
        assertThat(database.isReachable(), is(false));
    }

    @Test
    void h2FileDatabaseWritesEachTransactionToTheFileBeforeItReturnsAndSaysSoAtStartUp() {
        try (var log = new DatabaseLog();
             var database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:file:" + folder.resolve("db"), "",
                     "", 2))) {
            long writesBefore = fileWrites(database);
            database.jdbi().useTransaction(h -> h.execute("UPDATE formulary SET stock_on_hand = 7 WHERE id = 1"));
            long writesAfter = fileWrites(database);

            assertThat("H2 keeps its default write delay for everything else", writeDelay(database), is("500"));
            assertThat("the transaction reached the file before it returned", writesAfter, greaterThan(writesBefore));
            assertThat(database.durability().crashSafe(), is(true));
            assertThat(database.durability().checkpointAfterTransactions(), is(true));
            assertThat(log.lines(), hasItem(startsWith("INFO Commit durability: H2 file: every transaction (orders, "
                    + "cancellations, status changes, tool audits) is written to the file with CHECKPOINT before it "
                    + "returns")));
            assertThat(database.durability().description(), containsString("H2 does not fsync"));
        }
    }

    @Test
    void writeDelayTheOperatorChoseIsKeptAndWarnedAbout() {
        try (var log = new DatabaseLog();
             var database = PharmacyDatabase.open(new DatabaseSettings(
                     "jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=2000", "", "", 2))) {
            assertThat(writeDelay(database), is("2000"));
            assertThat(database.durability().crashSafe(), is(false));
            assertThat(database.durability().checkpointAfterTransactions(), is(false));
            assertThat(log.lines(), hasItem("WARNING Commit durability: H2 file with WRITE_DELAY=2000 (set in the "
                    + "database url): a commit reaches the file up to 2000 ms after it returns, so a crash or kill of "
                    + "this server loses the orders confirmed in those last 2000 ms and gives their numbers out again. "
                    + "Remove WRITE_DELAY from the url to have every transaction written before it returns."));
        }
    }

    @Test
    void writeDelayZeroInTheUrlWritesEveryCommitWithoutCheckpoints() {
        try (var database = PharmacyDatabase.open(new DatabaseSettings(
                "jdbc:h2:file:" + folder.resolve("db") + ";write_delay=0", "", "", 2))) {
            assertThat(writeDelay(database), is("0"));
            assertThat(database.durability().crashSafe(), is(true));
            assertThat(database.durability().checkpointAfterTransactions(), is(false));
            assertThat(database.durability().description(), startsWith("H2 file with WRITE_DELAY=0 (set in the "
                    + "database url): every commit is written to the file before it returns"));
        }
    }

    @Test
    void userWhoMayNotCheckpointIsWarnedAbout() throws Exception {
        String url = "jdbc:h2:file:" + folder.resolve("db");
        try (var owner = PharmacyDatabase.open(new DatabaseSettings(url, "sa", "", 2))) {
            owner.jdbi().useHandle(h -> {
                h.execute("CREATE USER clerk PASSWORD 'counter'");
                h.execute("GRANT ALL ON SCHEMA PUBLIC TO clerk");
            });
        }

        try (var clerk = PharmacyDatabase.open(new DatabaseSettings(url, "clerk", "counter", 2))) {
            assertThat(clerk.durability().crashSafe(), is(false));
            assertThat(clerk.durability().checkpointAfterTransactions(), is(false));
            assertThat(clerk.durability().description(), startsWith("H2 file, but this user may not run CHECKPOINT"));
            assertThat(clerk.durability().description(), containsString("Connect as the database's admin user, or "
                    + "add WRITE_DELAY=0 to the url."));
        }
    }

    @Test
    void inMemoryH2KeepsNothingAcrossARestart() {
        try (var database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:mem:durability", "", "", 2))) {
            assertThat(database.durability(),
                    is(new CommitDurability(false, false, "H2 in memory: nothing survives a restart.")));
        }
    }

    @Test
    void unreachableServerGivesAClearExceptionWithoutThePassword() {
        var settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/pharmacy?password=hunter2", "clerk",
                "hunter2", 2);

        var error = assertThrows(IllegalStateException.class, () -> PharmacyDatabase.open(settings));

        assertThat(error.getMessage(),
                containsString("Cannot connect to the pharmacy database at jdbc:postgresql://127.0.0.1:1/pharmacy"));
        assertThat(error.getMessage(), not(containsString("hunter2")));
    }

    @Test
    void settingsNeverPrintThePassword() {
        var settings = new DatabaseSettings("jdbc:h2:file:./data/pharmacy;CIPHER=AES", "sa", "s3cret", 4);

        assertThat(settings.toString(), not(containsString("s3cret")));
        assertThat(settings.toString(), not(containsString("CIPHER")));
    }

    @Test
    void settingsRejectANonJdbcUrlAndAnEmptyPool() {
        assertThrows(IllegalArgumentException.class, () -> new DatabaseSettings("postgres://x", "u", "p", 4));
        assertThrows(IllegalArgumentException.class, () -> new DatabaseSettings("jdbc:h2:mem:x", "u", "p", 0));
    }

    private static long fileWrites(PharmacyDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT CAST(SETTING_VALUE AS BIGINT) "
                        + "FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE'")
                .mapTo(Long.class)
                .one());
    }

    private static String writeDelay(PharmacyDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery(
                "SELECT DISTINCT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")
                .mapTo(String.class)
                .one());
    }

    /** PharmacyDatabase's log lines as "LEVEL message". */
    private static final class DatabaseLog extends Handler implements AutoCloseable {

        private final Logger logger = Logger.getLogger(PharmacyDatabase.class.getName());
        private final List<String> lines = new CopyOnWriteArrayList<>();

        DatabaseLog() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel().getName() + " " + new SimpleFormatter().formatMessage(record));
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
