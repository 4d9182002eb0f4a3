package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
