package org.pharmacyvoice.adapters.functions;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.patient.Patient;

/** The patient registry port on the database; inside a unit of work it uses that unit's handle. */
final class JdbiPatientRegistry implements PatientRegistry {

    /** A month is far more than any rule looks back: older failures only grow the table. */
    private static final Duration KEPT = Duration.ofDays(30);

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

    @Override
    public void failedVerification(long patientId, Instant at) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("INSERT INTO patient_verification_failure (patient_id, failed_at) VALUES (:id, :at)")
                    .bind("id", patientId).bind("at", at.atOffset(ZoneOffset.UTC))
                    .execute();
            handle.createUpdate("DELETE FROM patient_verification_failure WHERE patient_id = :id AND failed_at < :old")
                    .bind("id", patientId).bind("old", at.minus(KEPT).atOffset(ZoneOffset.UTC))
                    .execute();
        });
    }

    @Override
    public int failedVerificationsSince(long patientId, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM patient_verification_failure WHERE patient_id = :id AND failed_at >= :since")
                .bind("id", patientId).bind("since", since.atOffset(ZoneOffset.UTC))
                .mapTo(Integer.class).one());
    }
}
