package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * The front desk ports' contract on an H2 file database, fresh for each test; and that a handoff, a callback and its
 * closing are on file before they return: the next request for the call may reach another server (or this one after
 * a crash), and the caller has been told a pharmacist will call back.
 */
class H2HandoffsAndCallbacksTest extends HandoffsAndCallbacksContractTest {

    @TempDir
    Path folder;
    private PharmacyDatabase database;

    @Override
    void openEmptyStores() {
        database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:file:" + folder.resolve("data/pharmacy"), "sa",
                "", 4));
        handoffs = database.handoffs();
        callbacks = database.callbacks();
    }

    @Override
    void closeStores() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void valuesLongerThanTheirColumnsAreClippedInsteadOfFailingTheWrite() {
        assertLongValuesAreClipped(handoffs, callbacks);
    }

    @Test
    void everyChangeIsWrittenToTheFileBeforeItReturns() {
        assertWritten("record", () -> {
            handoffs.record(new Handoff("CA-1", Handoff.Kind.TRANSFER, "+15551230001", SUMMARY, true, EVENING));
            return handoffs.find("CA-1").isPresent();
        });
        long[] id = new long[1];
        assertWritten("add", () -> {
            id[0] = callbacks.add("CA-1", "+15551230001", SUMMARY, Callback.Reason.CLOSED, Optional.empty(), 0,
                    EVENING).id();
            return true;
        });
        assertWritten("close", () -> callbacks.close(id[0], EVENING.plusSeconds(60)));
    }

    private void assertWritten(String change, BooleanSupplier write) {
        long before = fileWrites();
        assertThat(change + " did what it should", write.getAsBoolean(), is(true));
        assertThat(change + " reached the file before it returned", fileWrites(), greaterThan(before));
    }

    private long fileWrites() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT CAST(SETTING_VALUE AS BIGINT) "
                        + "FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE'")
                .mapTo(Long.class)
                .one());
    }
}
