package org.pharmacyvoice.adapters.functions;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outbound ports' contract on an H2 file database, fresh for each test. */
class H2OutboundNotificationsTest extends OutboundNotificationsContractTest {

    @TempDir
    Path folder;

    @Override
    DatabaseSettings emptyDatabase() {
        return new DatabaseSettings("jdbc:h2:file:" + folder.resolve("data/pharmacy"), "sa", "", 4);
    }
}
