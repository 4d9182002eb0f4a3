package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.pharmacyvoice.domain.patient.Patient;

/**
 * The patient and patient_phone tables on one database handle. Numbers are stored in E.164 (the table checks it),
 * so a number's digits are the number without its '+': that is what a search by part of a number compares.
 */
final class PatientTables {

    private static final String SELECT_PATIENTS = "SELECT p.id, p.first_name, p.last_name, p.date_of_birth FROM patient p ";
    /** Names that differ only in case, accents or punctuation come in the order of the database's collation. */
    private static final String BY_NAME = " ORDER BY p.last_name, p.first_name, p.id";

    /** A patient row before its phone numbers are read. */
    private record Row(long id, String firstName, String lastName, LocalDate dateOfBirth) {
    }

    private final Handle handle;

    PatientTables(Handle handle) {
        this.handle = handle;
    }

    /** Files a new patient with their numbers (E.164, main number first) and returns them as stored. */
    Patient add(String firstName, String lastName, LocalDate dateOfBirth, List<String> phoneNumbers) {
        long id = handle.createUpdate("""
                        INSERT INTO patient (first_name, last_name, date_of_birth)
                        VALUES (:first, :last, :born)""")
                .bind("first", firstName)
                .bind("last", lastName)
                .bind("born", dateOfBirth)
                .executeAndReturnGeneratedKeys()
                .map((row, context) -> row.getLong("id"))
                .one();
        for (int position = 0; position < phoneNumbers.size(); position++) {
            handle.createUpdate("""
                            INSERT INTO patient_phone (patient_id, list_position, phone_number)
                            VALUES (:patient, :position, :number)""")
                    .bind("patient", id)
                    .bind("position", position)
                    .bind("number", phoneNumbers.get(position))
                    .execute();
        }
        return find(id).orElseThrow();
    }

    List<Patient> bornOn(LocalDate date) {
        return withPhones(handle.createQuery(SELECT_PATIENTS + "WHERE p.date_of_birth = :born" + BY_NAME)
                .bind("born", date));
    }

    Optional<Patient> find(long patientId) {
        return withPhones(handle.createQuery(SELECT_PATIENTS + "WHERE p.id = :id").bind("id", patientId))
                .stream().findFirst();
    }

    /**
     * Patients whose first or last name starts with {@code name}, ignoring case, and, unless {@code phoneDigits} is
     * empty, with a number on file containing those digits; by last name, then first name, at most {@code limit}.
     */
    List<Patient> search(String name, String phoneDigits, int limit) {
        var conditions = new ArrayList<String>();
        if (!name.isEmpty()) {
            conditions.add("(LOWER(p.first_name) LIKE :start ESCAPE '!' OR LOWER(p.last_name) LIKE :start ESCAPE '!')");
        }
        if (!phoneDigits.isEmpty()) {
            conditions.add("""
                    EXISTS (SELECT 1 FROM patient_phone ph
                            WHERE ph.patient_id = p.id AND SUBSTRING(ph.phone_number FROM 2) LIKE :digits ESCAPE '!')""");
        }
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
        Query query = handle.createQuery(SELECT_PATIENTS + where + BY_NAME);
        if (!name.isEmpty()) {
            query.bind("start", FormularyTables.likeLiteral(name.toLowerCase(Locale.ROOT)) + "%");
        }
        if (!phoneDigits.isEmpty()) {
            query.bind("digits", "%" + FormularyTables.likeLiteral(phoneDigits) + "%");
        }
        return withPhones(query.setMaxRows(limit));
    }

    /** Runs a query for patient rows and gives each patient their numbers, in the order on file. */
    private List<Patient> withPhones(Query query) {
        List<Row> rows = query.map((row, context) -> new Row(row.getLong("id"), row.getString("first_name"),
                row.getString("last_name"), row.getObject("date_of_birth", LocalDate.class))).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        var numbers = new HashMap<Long, List<String>>();
        handle.createQuery("""
                        SELECT patient_id, phone_number FROM patient_phone
                        WHERE patient_id IN (<ids>)
                        ORDER BY patient_id, list_position""")
                .bindList("ids", rows.stream().map(Row::id).toList())
                .map((row, context) -> Map.entry(row.getLong("patient_id"), row.getString("phone_number")))
                .forEach(entry -> numbers.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(entry.getValue()));
        return rows.stream()
                .map(row -> new Patient(row.id(), row.firstName(), row.lastName(), row.dateOfBirth(),
                        numbers.getOrDefault(row.id(), List.of())))
                .toList();
    }

    /** Records whether the patient wants refill reminders (V8's opted_in_reminders). */
    void optInReminders(long patientId, boolean optedIn) {
        handle.createUpdate("UPDATE patient SET opted_in_reminders = :optedIn WHERE id = :id")
                .bind("optedIn", optedIn)
                .bind("id", patientId)
                .execute();
    }
}
