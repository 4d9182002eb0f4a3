package org.pharmacyvoice.domain.dispensary.port.out;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.prescription.Prescription;

/**
 * Outbound port: the prescriptions on file. Changes are compare-and-set, so two servers (or a caller and staff)
 * never both take the last refill.
 */
public interface PrescriptionFile {

    Optional<Prescription> prescription(String rxNumber);

    /** A patient's prescriptions, newest written first. */
    List<Prescription> ofPatient(long patientId);

    /** Takes one refill if {@code expectedRemaining} are still left; false if someone changed it first. */
    boolean takeRefill(String rxNumber, int expectedRemaining);

    /** Gives back a refill taken for a refill that was cancelled. */
    void returnRefill(String rxNumber);

    /** Records that the prescription was filled on {@code date}. */
    void filled(String rxNumber, LocalDate date);
}
