package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.PrescriptionStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/** The prescription table on one database handle; the drug's name is the formulary's generic name. */
final class PrescriptionTables {

    private static final String SELECT_PRESCRIPTIONS = """
            SELECT r.rx_number, r.patient_id, r.drug_id, f.generic_name, r.strength, r.directions, r.prescriber,
                   r.written_on, r.refills_authorized, r.refills_remaining, r.days_supply, r.last_filled_on,
                   r.schedule, r.status
            FROM prescription r JOIN formulary f ON f.id = r.drug_id
            """;

    private static final RowMapper<Prescription> PRESCRIPTION_ROWS = (row, context) -> new Prescription(
            row.getString("rx_number"),
            row.getLong("patient_id"),
            row.getLong("drug_id"),
            row.getString("generic_name"),
            row.getString("strength"),
            row.getString("directions"),
            row.getString("prescriber"),
            row.getObject("written_on", LocalDate.class),
            row.getInt("refills_authorized"),
            row.getInt("refills_remaining"),
            row.getInt("days_supply"),
            Optional.ofNullable(row.getObject("last_filled_on", LocalDate.class)),
            schedule(row.getString("schedule")),
            status(row.getString("status")));

    private final Handle handle;

    PrescriptionTables(Handle handle) {
        this.handle = handle;
    }

    /** Files a prescription as given; its drug is {@code drugId}, whatever {@code drugName} says. */
    Prescription file(Prescription prescription) {
        handle.createUpdate("""
                        INSERT INTO prescription (rx_number, patient_id, drug_id, strength, directions, prescriber,
                                                  written_on, refills_authorized, refills_remaining, days_supply,
                                                  last_filled_on, schedule, status)
                        VALUES (:rx, :patient, :drug, :strength, :directions, :prescriber, :written, :authorized,
                                :remaining, :days, :lastFilled, :schedule, :status)""")
                .bind("rx", prescription.rxNumber())
                .bind("patient", prescription.patientId())
                .bind("drug", prescription.drugId())
                .bind("strength", prescription.strength())
                .bind("directions", prescription.directions())
                .bind("prescriber", prescription.prescriber())
                .bind("written", prescription.writtenOn())
                .bind("authorized", prescription.refillsAuthorized())
                .bind("remaining", prescription.refillsRemaining())
                .bind("days", prescription.daysSupply())
                .bind("lastFilled", prescription.lastFilledOn().orElse(null))
                .bind("schedule", prescription.schedule().code())
                .bind("status", prescription.status().code())
                .execute();
        return find(prescription.rxNumber()).orElseThrow();
    }

    Optional<Prescription> find(String rxNumber) {
        return handle.createQuery(SELECT_PRESCRIPTIONS + "WHERE r.rx_number = :rx")
                .bind("rx", rxNumber)
                .map(PRESCRIPTION_ROWS)
                .findOne();
    }

    /** Active prescriptions filled at least once, of patients who opted in to refill reminders; by Rx number. */
    List<Prescription> remindable() {
        return handle.createQuery(SELECT_PRESCRIPTIONS + """
                        JOIN patient p ON p.id = r.patient_id
                        WHERE p.opted_in_reminders = TRUE AND r.status = 'active' AND r.last_filled_on IS NOT NULL
                        ORDER BY r.rx_number""")
                .map(PRESCRIPTION_ROWS)
                .list();
    }

    /** A patient's prescriptions, newest written first (then by Rx number, so that the order is always the same). */
    List<Prescription> ofPatient(long patientId) {
        return handle.createQuery(SELECT_PRESCRIPTIONS
                        + "WHERE r.patient_id = :patient ORDER BY r.written_on DESC, r.rx_number")
                .bind("patient", patientId)
                .map(PRESCRIPTION_ROWS)
                .list();
    }

    /**
     * Takes one refill if {@code expectedRemaining} (more than none) are still left; false if not. The check and the
     * change are one statement, so of two requests racing for the last refill only one gets it.
     */
    boolean takeRefill(String rxNumber, int expectedRemaining) {
        return handle.createUpdate("""
                        UPDATE prescription SET refills_remaining = refills_remaining - 1
                        WHERE rx_number = :rx AND refills_remaining = :expected AND refills_remaining > 0""")
                .bind("rx", rxNumber)
                .bind("expected", expectedRemaining)
                .execute() == 1;
    }

    /** Gives one refill back, never beyond what the prescriber authorised. */
    void returnRefill(String rxNumber) {
        handle.createUpdate("""
                        UPDATE prescription SET refills_remaining = refills_remaining + 1
                        WHERE rx_number = :rx AND refills_remaining < refills_authorized""")
                .bind("rx", rxNumber)
                .execute();
    }

    void filled(String rxNumber, LocalDate date) {
        handle.createUpdate("UPDATE prescription SET last_filled_on = :date WHERE rx_number = :rx")
                .bind("rx", rxNumber)
                .bind("date", date)
                .execute();
    }

    private static Schedule schedule(String code) {
        return Schedule.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("unknown schedule in the database: " + code));
    }

    private static PrescriptionStatus status(String code) {
        return PrescriptionStatus.fromCode(code)
                .orElseThrow(() -> new IllegalStateException("unknown prescription status in the database: " + code));
    }
}
