package org.pharmacyvoice.adapters.functions;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The staff ports' contract on an H2 file database, fresh for each test. */
class H2FormularyAndLedgerTest extends FormularyAndLedgerContractTest {

    @TempDir
    Path folder;

    @Override
    DatabaseSettings emptyDatabase() {
        return new DatabaseSettings("jdbc:h2:file:" + folder.resolve("data/pharmacy"), "sa", "", 4);
    }
}
