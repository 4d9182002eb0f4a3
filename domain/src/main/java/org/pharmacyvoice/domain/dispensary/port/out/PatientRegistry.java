package org.pharmacyvoice.domain.dispensary.port.out;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.patient.Patient;

/** Outbound port: the pharmacy's patients. It finds them; who may see them is the dispensary's rule. */
public interface PatientRegistry {

    /** Every patient born on {@code date}: where verification starts. */
    List<Patient> bornOn(LocalDate date);

    Optional<Patient> patient(long patientId);

    /**
     * Patients whose first or last name starts with {@code name} (ignoring case; empty matches all) and, when
     * {@code phoneDigits} is not empty, with a number on file containing those digits; by last name, at most
     * {@code limit}.
     */
    List<Patient> search(String name, String phoneDigits, int limit);

    /** Keeps that someone failed to prove to be this patient at {@code at}, durably, whatever call it came from. */
    void failedVerification(long patientId, Instant at);

    /** How often someone failed to prove to be this patient since {@code since}, on any call, on any server. */
    int failedVerificationsSince(long patientId, Instant since);
}
