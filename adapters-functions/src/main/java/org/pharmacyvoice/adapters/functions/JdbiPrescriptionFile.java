package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.prescription.Prescription;

/**
 * The prescription file port on the database. Each change is one conditional UPDATE, so several servers sharing
 * one database never both take the last refill. A change joins the unit of work it is made in; made alone, it is a
 * transaction of its own, and so on H2 written to the file before it returns ({@link H2Checkpoints}).
 */
final class JdbiPrescriptionFile implements PrescriptionFile {

    private final Jdbi jdbi;

    JdbiPrescriptionFile(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Prescription> prescription(String rxNumber) {
        return jdbi.withHandle(handle -> new PrescriptionTables(handle).find(rxNumber));
    }

    @Override
    public List<Prescription> ofPatient(long patientId) {
        return jdbi.withHandle(handle -> new PrescriptionTables(handle).ofPatient(patientId));
    }

    @Override
    public boolean takeRefill(String rxNumber, int expectedRemaining) {
        return jdbi.inTransaction(handle -> new PrescriptionTables(handle).takeRefill(rxNumber, expectedRemaining));
    }

    @Override
    public void returnRefill(String rxNumber) {
        jdbi.useTransaction(handle -> new PrescriptionTables(handle).returnRefill(rxNumber));
    }

    @Override
    public void filled(String rxNumber, LocalDate date) {
        jdbi.useTransaction(handle -> new PrescriptionTables(handle).filled(rxNumber, date));
    }
}
