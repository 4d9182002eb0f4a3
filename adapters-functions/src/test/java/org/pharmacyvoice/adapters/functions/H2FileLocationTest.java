package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which folder must exist before H2 can create a database file. */
class H2FileLocationTest {

    @Test
    void relativeFileUrlLivesInAFolderUnderTheWorkingDirectory() {
        assertThat(H2FileLocation.directoryOf("jdbc:h2:file:./data/pharmacy"),
                is(Optional.of(Path.of("data").toAbsolutePath())));
        assertThat(H2FileLocation.directoryOf("jdbc:h2:./data/pharmacy;AUTO_SERVER=TRUE"),
                is(Optional.of(Path.of("data").toAbsolutePath())));
    }

    @Test
    void homeFolderShortcutIsExpanded() {
        assertThat(H2FileLocation.directoryOf("jdbc:h2:~/pharmacy/db"),
                is(Optional.of(Path.of(System.getProperty("user.home"), "pharmacy"))));
    }

    @Test
    void inMemoryServerAndOtherDatabasesHaveNoFolder() {
        assertThat(H2FileLocation.directoryOf("jdbc:h2:mem:pharmacy;DB_CLOSE_DELAY=-1"), is(Optional.empty()));
        assertThat(H2FileLocation.directoryOf("jdbc:h2:tcp://localhost/~/pharmacy"), is(Optional.empty()));
        assertThat(H2FileLocation.directoryOf("jdbc:postgresql://localhost/pharmacy"), is(Optional.empty()));
    }
}
