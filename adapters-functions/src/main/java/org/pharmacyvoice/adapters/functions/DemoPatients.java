package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.PrescriptionStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/**
 * Fictional patients (30, with 110 prescriptions) covering each way a refill request can end, so that the server
 * works out of the box and the README's demo calls have someone to be. Dates count back from the day they are filed, so every
 * case holds on that day; they are filed only into a database without patients, never over a pharmacy's own.
 */
final class DemoPatients {

    private final Handle handle;
    private final LocalDate today;

    private DemoPatients(Handle handle, LocalDate today) {
        this.handle = handle;
        this.today = today;
    }

    /** Files the demo patients in one transaction unless there are patients already; whether it filed them. */
    static boolean fileInto(Handle handle, LocalDate today) {
        return handle.inTransaction(transaction -> {
            int patients = transaction.createQuery("SELECT COUNT(*) FROM patient").mapTo(Integer.class).one();
            if (patients > 0) {
                return false;
            }
            new DemoPatients(transaction, today).file();
            return true;
        });
    }

    private void file() {
        var patients = new PatientTables(handle);
        // A refill that goes through, a second one, and one of Schedule II (never refilled).
        Patient alice = patients.add("Alice", "Moreno", LocalDate.of(1958, 4, 12), List.of("+12025550101"));
        rx("2001001", alice, "lisinopril", "10 mg", "Take one tablet by mouth once daily", 200, 5, 4, 30, 28);
        rx("2001002", alice, "atorvastatin", "20 mg", "Take one tablet by mouth at bedtime", 120, 3, 2, 90, 85);
        rx("2001003", alice, "oxycodone-acetaminophen", "5 mg / 325 mg",
                "Take one tablet by mouth every six hours as needed for pain", 10, 0, 0, 5, 10, Schedule.II);
        // Too soon, no refills left (a renewal request), and a Schedule IV prescription written seven months ago.
        Patient bob = patients.add("Bob", "Tanaka", LocalDate.of(1971, 9, 30), List.of("+12025550102"));
        rx("2002001", bob, "sertraline", "50 mg", "Take one tablet by mouth once daily", 60, 5, 3, 30, 5);
        rx("2002002", bob, "metformin", "500 mg", "Take one tablet by mouth twice daily with meals", 300, 3, 0, 90,
                80);
        rx("2002003", bob, "alprazolam", "0.5 mg", "Take one tablet by mouth twice daily as needed for anxiety", 213,
                5, 4, 30, 40, Schedule.IV);
        // Two numbers on file; an inactive prescription.
        Patient carmen = patients.add("Carmen", "Diaz", LocalDate.of(1990, 2, 14),
                List.of("+12025550103", "+12025550199"));
        rx("2003001", carmen, "levothyroxine", "50 mcg", "Take one tablet by mouth every morning", 90, 11, 9, 30, 31);
        rx("2003002", carmen, "amoxicillin", "500 mg", "Take one capsule by mouth three times daily for ten days", 400,
                0, 0, 10, 395, Schedule.NONE, PrescriptionStatus.DISCONTINUED);
        // Namesakes: only the date of birth tells them apart.
        Patient david = patients.add("David", "Lee", LocalDate.of(1985, 6, 1), List.of("+12025550104"));
        rx("2004001", david, "amlodipine", "5 mg", "Take one tablet by mouth once daily", 30, 5, 5, 30, 27);
        // Refill reminders (README, "Calling patients"): Alice's lisinopril runs out in two days, David's amlodipine
        // in three; her atorvastatin (five days) is not due for a reminder yet.
        patients.optInReminders(alice.id(), true);
        patients.optInReminders(david.id(), true);
        Patient otherDavid = patients.add("David", "Lee", LocalDate.of(1949, 11, 23), List.of("+12025550105"));
        rx("2005001", otherDavid, "warfarin", "5 mg", "Take as directed by your anticoagulation clinic", 45, 5, 2, 30,
                29);
        fileRoster();
    }

    /**
     * Twenty-five more patients with four prescriptions each, every one of them a case from {@link #CASES} in turn,
     * so that a staff list or a search has something to show and each rule turns up many times over.
     */
    private void fileRoster() {
        var patients = new PatientTables(handle);
        for (int i = 0; i < ROSTER.length; i++) {
            String[] name = ROSTER[i].split(" ");
            LocalDate born = LocalDate.of(1940 + (i * 7) % 60, 1 + (i * 5) % 12, 1 + (i * 11) % 28);
            Patient patient = patients.add(name[0], name[1], born, List.of(String.format("+120255501%02d", 6 + i)));
            for (int j = 0; j < 4; j++) {
                Case c = CASES[(i * 4 + j) % CASES.length];
                rx(String.format("3%03d%03d", i + 1, j + 1), patient, c.drug(), c.strength(), c.directions(),
                        c.writtenDaysAgo(), c.authorized(), c.remaining(), c.daysSupply(), c.filledDaysAgo(),
                        c.schedule(), c.status());
            }
        }
    }

    /** One way a refill request can end, as a prescription; {@code filledDaysAgo} -1 for never filled. */
    private record Case(String drug, String strength, String directions, int writtenDaysAgo, int authorized,
                        int remaining, int daysSupply, int filledDaysAgo, Schedule schedule, PrescriptionStatus status) {

        static Case of(String drug, String strength, int writtenDaysAgo, int authorized, int remaining, int daysSupply,
                       int filledDaysAgo, Schedule schedule) {
            return new Case(drug, strength, "Take as directed on the label", writtenDaysAgo, authorized, remaining,
                    daysSupply, filledDaysAgo, schedule, PrescriptionStatus.ACTIVE);
        }
    }

    private static final Case[] CASES = {
        // Refilled: refills left, the last fill nearly used up.
        Case.of("metoprolol", "25 mg", 100, 5, 3, 30, 25, Schedule.NONE),
        // Too soon: filled a few days ago.
        Case.of("omeprazole", "20 mg", 60, 5, 4, 30, 4, Schedule.NONE),
        // No refills left: a renewal request to the prescriber.
        Case.of("losartan", "50 mg", 200, 2, 0, 30, 29, Schedule.NONE),
        // Expired: written more than a year ago.
        Case.of("simvastatin", "20 mg", 400, 11, 2, 30, 31, Schedule.NONE),
        // Schedule II: never refilled.
        Case.of("methylphenidate", "10 mg", 20, 0, 0, 30, 28, Schedule.II),
        // Schedule IV within six months and five refills: refilled.
        Case.of("zolpidem", "10 mg", 90, 5, 2, 30, 27, Schedule.IV),
        // Schedule III written seven months ago: expired by law, though refills are left.
        Case.of("acetaminophen-codeine", "300 mg / 30 mg", 215, 3, 2, 10, 12, Schedule.III),
        // Discontinued: not refilled here.
        new Case("fluoxetine", "20 mg", "Take one capsule by mouth every morning", 150, 5, 3, 30, 40, Schedule.NONE,
                PrescriptionStatus.DISCONTINUED),
        // Schedule V: no federal cap on refills.
        Case.of("pregabalin", "75 mg", 300, 11, 6, 30, 26, Schedule.V),
        // Never filled yet: the first fill is due.
        Case.of("montelukast", "10 mg", 3, 11, 11, 30, -1, Schedule.NONE),
    };

    private static final String[] ROSTER = {
        "Grace Okafor", "Henry Nguyen", "Irene Kowalski", "James Whitaker", "Keiko Sato", "Luis Ramirez",
        "Maya Patel", "Nathan Brooks", "Olga Petrova", "Pedro Alvarez", "Quinn Murphy", "Rosa Delgado",
        "Samuel Adeyemi", "Tara Fitzgerald", "Umar Siddiqui", "Vera Lindqvist", "Walter Hughes", "Ximena Torres",
        "Yusuf Demir", "Zoe Harper", "Arthur Bennett", "Beatriz Costa", "Caleb Morgan", "Diana Rossi",
        "Elias Fischer",
    };

    private void rx(String number, Patient patient, String drug, String strength, String directions, int writtenDaysAgo,
                    int authorized, int remaining, int daysSupply, int filledDaysAgo) {
        rx(number, patient, drug, strength, directions, writtenDaysAgo, authorized, remaining, daysSupply,
                filledDaysAgo, Schedule.NONE);
    }

    private void rx(String number, Patient patient, String drug, String strength, String directions, int writtenDaysAgo,
                    int authorized, int remaining, int daysSupply, int filledDaysAgo, Schedule schedule) {
        rx(number, patient, drug, strength, directions, writtenDaysAgo, authorized, remaining, daysSupply,
                filledDaysAgo, schedule, PrescriptionStatus.ACTIVE);
    }

    private void rx(String number, Patient patient, String drug, String strength, String directions, int writtenDaysAgo,
                    int authorized, int remaining, int daysSupply, int filledDaysAgo, Schedule schedule,
                    PrescriptionStatus status) {
        long drugId = handle.createQuery("SELECT id FROM formulary WHERE generic_name = :name")
                .bind("name", drug).mapTo(Long.class).one();
        new PrescriptionTables(handle).file(new Prescription(number, patient.id(), drugId, drug, strength, directions,
                "Dr. Helen Park", today.minusDays(writtenDaysAgo), authorized, remaining, daysSupply,
                filledDaysAgo < 0 ? Optional.empty() : Optional.of(today.minusDays(filledDaysAgo)), schedule,
                status));
    }
}
