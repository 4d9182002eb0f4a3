package org.pharmacyvoice.adapters.functions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a commit survives on the database in use, read from the database itself at start-up, so that an operator
 * sees in the log whether an order confirmed to a caller can be lost, and why.
 *
 * @param crashSafe true when a transaction is out of this server's memory before it returns, so that killing or
 *                  crashing the server loses nothing anyone was told about
 * @param checkpointAfterTransactions true when every transaction must end with CHECKPOINT for that (H2 with its
 *                                    default write delay), see {@link H2Checkpoints}
 * @param description one paragraph for the log: the setting that decides it and what it means
 */
record CommitDurability(boolean crashSafe, boolean checkpointAfterTransactions, String description) {

    static final String POSTGRES = "PostgreSQL";
    static final String H2 = "H2";

    private static final String NO_FSYNC = "H2 does not fsync: a power cut or an operating-system crash can still "
            + "lose what the operating system had not yet written to disk (by default up to about 30 s on Linux); use "
            + "PostgreSQL where that matters.";

    /**
     * Reads the settings that decide it on {@code connection} to the database at {@code url}, for H2 and
     * PostgreSQL; others are not checked. On an H2 file database whose url leaves WRITE_DELAY to H2, it runs one
     * CHECKPOINT to see that this user may.
     */
    static CommitDurability of(Connection connection, String productName, String url) throws SQLException {
        return switch (productName) {
            case H2 -> h2(connection, url);
            case POSTGRES -> postgres(setting(connection, "SHOW synchronous_commit").orElse("?"),
                    setting(connection, "SHOW fsync").orElse("?"));
            default -> new CommitDurability(false, false, "not checked for " + productName + ": whether orders "
                    + "confirmed to callers survive a crash depends on its settings.");
        };
    }

    /** Whether one of an H2 url's ";KEY=VALUE" options is WRITE_DELAY (H2 reads option names in any case). */
    static boolean choosesWriteDelay(String url) {
        return Arrays.stream(url.split(";"))
                .skip(1)
                .map(option -> option.split("=", 2)[0].strip())
                .anyMatch(name -> name.equalsIgnoreCase("WRITE_DELAY"));
    }

    static CommitDurability postgres(String synchronousCommit, String fsync) {
        boolean synchronous = !synchronousCommit.equalsIgnoreCase("off");
        boolean flushed = fsync.equalsIgnoreCase("on");
        if (synchronous && flushed) {
            return new CommitDurability(true, false, "PostgreSQL with synchronous_commit=" + synchronousCommit
                    + " and fsync=on: each commit is flushed to disk (the write-ahead log) before a tool answers, "
                    + "so confirmed orders survive a crash of this server or of the database server, and a power cut "
                    + "on disks that honour flushes.");
        }
        var problems = new StringBuilder("PostgreSQL can lose orders already confirmed to callers: ");
        if (!synchronous) {
            problems.append("synchronous_commit=off, so a commit returns before it is flushed and a crash of the "
                    + "database server loses those of its last moments (up to three times wal_writer_delay, 600 ms "
                    + "by default). ");
        }
        if (!flushed) {
            problems.append("fsync=").append(fsync).append(", so nothing is flushed to disk and a power cut or an "
                    + "operating-system crash can lose confirmed orders or corrupt the database. ");
        }
        problems.append("Set synchronous_commit=on and fsync=on (postgresql.conf or ALTER SYSTEM; synchronous_commit "
                + "also in the role's or database's settings or the url's options).");
        return new CommitDurability(false, false, problems.toString());
    }

    private static CommitDurability h2(Connection connection, String url) throws SQLException {
        if (setting(connection, "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                + "WHERE SETTING_NAME = 'info.FILE_SIZE'").isEmpty()) {
            return new CommitDurability(false, false, "H2 in memory: nothing survives a restart.");
        }
        // The delay in force, and again as given in the url when it was: the larger, to be on the safe side.
        int writeDelay = Integer.parseInt(setting(connection, "SELECT MAX(CAST(SETTING_VALUE AS INT)) "
                + "FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'").orElse("-1"));
        if (choosesWriteDelay(url) && writeDelay == 0) {
            return new CommitDurability(true, false, "H2 file with WRITE_DELAY=0 (set in the database url): every "
                    + "commit is written to the file before it returns, so confirmed orders survive a crash or kill "
                    + "of this server. " + NO_FSYNC + " H2 does no background compaction with WRITE_DELAY=0: the "
                    + "file grows several times as fast.");
        }
        if (choosesWriteDelay(url)) {
            return new CommitDurability(false, false, "H2 file with WRITE_DELAY=" + writeDelay + " (set in the "
                    + "database url): a commit reaches the file up to " + writeDelay + " ms after it returns, so a "
                    + "crash or kill of this server loses the orders confirmed in those last " + writeDelay + " ms and "
                    + "gives their numbers out again. Remove WRITE_DELAY from the url to have every transaction "
                    + "written before it returns.");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException refused) {
            return new CommitDurability(false, false, "H2 file, but this user may not run CHECKPOINT ("
                    + refused.getMessage() + "): a commit reaches the file up to " + writeDelay + " ms after it "
                    + "returns, so a crash or kill of this server loses the orders confirmed in those last "
                    + writeDelay + " ms. Connect as the database's admin user, or add WRITE_DELAY=0 to the url.");
        }
        return new CommitDurability(true, true, "H2 file: every transaction (orders, cancellations, status "
                + "changes, tool audits) is written to the file with CHECKPOINT before it returns, so what callers "
                + "and staff were told survives a crash or kill of this server; other writes (call transcripts) "
                + "follow within WRITE_DELAY=" + writeDelay + " ms. " + NO_FSYNC);
    }

    private static Optional<String> setting(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
            return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
        }
    }
}
