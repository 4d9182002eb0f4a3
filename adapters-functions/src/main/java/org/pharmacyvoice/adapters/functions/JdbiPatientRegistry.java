package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.patient.Patient;

/** The patient registry port on the database; inside a unit of work it uses that unit's handle. */
final class JdbiPatientRegistry implements PatientRegistry {

    private final Jdbi jdbi;

    JdbiPatientRegistry(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Patient> bornOn(LocalDate date) {
        return jdbi.withHandle(handle -> new PatientTables(handle).bornOn(date));
    }

    @Override
    public Optional<Patient> patient(long patientId) {
        return jdbi.withHandle(handle -> new PatientTables(handle).find(patientId));
    }

    @Override
    public List<Patient> search(String name, String phoneDigits, int limit) {
        return jdbi.withHandle(handle -> new PatientTables(handle).search(name, phoneDigits, limit));
    }
}
