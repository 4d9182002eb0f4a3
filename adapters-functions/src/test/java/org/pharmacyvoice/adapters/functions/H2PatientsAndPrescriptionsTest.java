package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.RenewalRequest;

/**
 * The dispensary ports' contract on an H2 file database, fresh for each test; and that a change made outside any unit
 * of work (staff closing a renewal request, say) is on file before it returns, as one made inside one is.
 */
class H2PatientsAndPrescriptionsTest extends PatientsAndPrescriptionsContractTest {

    @TempDir
    Path folder;

    @Override
    DatabaseSettings emptyDatabase() {
        return new DatabaseSettings("jdbc:h2:file:" + folder.resolve("data/pharmacy"), "sa", "", 4);
    }

    @Test
    void everyChangeMadeOnItsOwnIsWrittenToTheFileBeforeItReturns() {
        Prescription filed = onePrescription();
        Refill queued = database.refillQueue().add(refillOf(filed, MORNING, "fc_durable"));
        RenewalRequest asked = database.renewalRequests().add(renewalOf(filed, MORNING, null));

        assertWritten("takeRefill", () -> database.prescriptions().takeRefill(filed.rxNumber(), 2));
        assertWritten("returnRefill", () -> {
            database.prescriptions().returnRefill(filed.rxNumber());
            return true;
        });
        assertWritten("filled", () -> {
            database.prescriptions().filled(filed.rxNumber(), TODAY);
            return true;
        });
        assertWritten("add refill", () -> database.refillQueue().add(refillOf(filed, MORNING, null)) != null);
        assertWritten("changeStatus", () -> database.refillQueue().changeStatus(queued.id(), RefillStatus.PENDING,
                RefillStatus.READY, MORNING));
        assertWritten("add renewal", () -> database.renewalRequests().add(renewalOf(filed, MORNING, null)) != null);
        assertWritten("close", () -> database.renewalRequests().close(asked.id()));
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
