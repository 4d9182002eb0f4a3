package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What PostgreSQL's settings mean for orders confirmed to callers, and which H2 urls choose their own write delay
 * (H2's settings are read from real databases in PharmacyDatabaseTest, PostgreSQL's from a real server in
 * PostgresPharmacyToolsTest).
 */
class CommitDurabilityTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/pharmacy | false",
            "jdbc:h2:~/pharmacy;AUTO_SERVER=TRUE | false",
            "jdbc:h2:file:./data/pharmacy;WRITE_DELAY=500 | true",
            "jdbc:h2:file:./data/pharmacy;AUTO_SERVER=TRUE; write_delay = 0 | true",
            "jdbc:h2:file:./data/write_delay | false",
    })
    void anH2UrlChoosesAWriteDelayOnlyWithTheOption(String url, boolean chooses) {
        assertThat(CommitDurability.choosesWriteDelay(url), is(chooses));
    }

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
