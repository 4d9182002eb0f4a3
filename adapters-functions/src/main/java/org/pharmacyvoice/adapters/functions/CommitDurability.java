package org.pharmacyvoice.adapters.functions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What a commit survives on the database in use, read from the database itself at start-up, so that an operator
 * sees in the log whether an order confirmed to a caller can be lost, and why.
 *
 * @param crashSafe true when a commit is out of this server's memory before it returns, so that killing or crashing
 *                  the server loses nothing confirmed
 * @param description one paragraph for the log: the setting that decides it and what it means
 */
record CommitDurability(boolean crashSafe, String description) {

    static final String POSTGRES = "PostgreSQL";
    static final String H2 = "H2";

    /** Reads the settings that decide it on {@code connection}, for H2 and PostgreSQL; others are not checked. */
    static CommitDurability of(Connection connection, String productName) throws SQLException {
        return switch (productName) {
            case H2 -> h2(connection);
            case POSTGRES -> postgres(setting(connection, "SHOW synchronous_commit").orElse("?"),
                    setting(connection, "SHOW fsync").orElse("?"));
            default -> new CommitDurability(false, "not checked for " + productName + ": whether orders confirmed "
                    + "to callers survive a crash depends on its settings.");
        };
    }

    static CommitDurability postgres(String synchronousCommit, String fsync) {
        boolean synchronous = !synchronousCommit.equalsIgnoreCase("off");
        boolean flushed = fsync.equalsIgnoreCase("on");
        if (synchronous && flushed) {
            return new CommitDurability(true, "PostgreSQL with synchronous_commit=" + synchronousCommit
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
        return new CommitDurability(false, problems.append("Set synchronous_commit=on and fsync=on (postgresql.conf "
                + "or ALTER SYSTEM; synchronous_commit also in the role's or database's settings or the url's "
                + "options).").toString());
    }

    private static CommitDurability h2(Connection connection) throws SQLException {
        if (setting(connection, "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                + "WHERE SETTING_NAME = 'info.FILE_SIZE'").isEmpty()) {
            return new CommitDurability(false, "H2 in memory: nothing survives a restart.");
        }
        // The delay in force, and again as given in the url when it was: the larger, to be on the safe side.
        int writeDelay = Integer.parseInt(setting(connection, "SELECT MAX(CAST(SETTING_VALUE AS INT)) "
                + "FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'").orElse("-1"));
        if (writeDelay == 0) {
            return new CommitDurability(true, "H2 file with WRITE_DELAY=0: each commit is written to the database "
                    + "file before a tool answers, so confirmed orders survive a crash or kill of this server. H2 "
                    + "does not fsync on commit: a power cut or an operating-system crash can still lose what the "
                    + "operating system had not yet written to disk (by default up to about 30 s on Linux); use "
                    + "PostgreSQL where that matters.");
        }
        return new CommitDurability(false, "H2 file with WRITE_DELAY=" + writeDelay + " (set in the database url): "
                + "a commit reaches the file up to " + writeDelay + " ms after it returns, so a crash or kill of this "
                + "server loses the orders confirmed in those last " + writeDelay + " ms and gives their numbers out "
                + "again. Remove WRITE_DELAY from the url to write each commit before answering.");
    }

    private static Optional<String> setting(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(query)) {
            return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
        }
    }
}
