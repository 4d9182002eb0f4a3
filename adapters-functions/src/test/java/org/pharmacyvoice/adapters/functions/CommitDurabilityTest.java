package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What PostgreSQL's settings mean for orders confirmed to callers (H2's are read from a real database in
 * PharmacyDatabaseTest, PostgreSQL's from a real server in PostgresPharmacyToolsTest).
 */
class CommitDurabilityTest {

    @ParameterizedTest(name = "synchronous_commit={0}")
    @CsvSource({"on", "local", "remote_write", "remote_apply"})
    void postgresFlushingEachCommitIsCrashSafe(String synchronousCommit) {
        CommitDurability durability = CommitDurability.postgres(synchronousCommit, "on");

        assertThat(durability.crashSafe(), is(true));
        assertThat(durability.description(), containsString("synchronous_commit=" + synchronousCommit
                + " and fsync=on: each commit is flushed to disk"));
    }

    @ParameterizedTest(name = "synchronous_commit={0}, fsync={1}")
    @CsvSource({"off, on", "on, off", "off, off"})
    void postgresWithoutSynchronousCommitOrFsyncIsNot(String synchronousCommit, String fsync) {
        CommitDurability durability = CommitDurability.postgres(synchronousCommit, fsync);

        assertThat(durability.crashSafe(), is(false));
        assertThat(durability.description(), containsString("can lose orders already confirmed to callers"));
        assertThat(durability.description(), containsString("Set synchronous_commit=on and fsync=on"));
        if (synchronousCommit.equals("off")) {
            assertThat(durability.description(), containsString("synchronous_commit=off, so a commit returns"));
        } else {
            assertThat(durability.description(), not(containsString("synchronous_commit=off")));
        }
        if (fsync.equals("off")) {
            assertThat(durability.description(), containsString("fsync=off, so nothing is flushed"));
        } else {
            assertThat(durability.description(), not(containsString("fsync=off")));
        }
    }
}
