package org.pharmacyvoice.domain.dispensary.port.in;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.prescription.Prescription;

/** Inbound port for staff: find a patient by name or phone, and see their prescriptions. */
public interface FindPatientsUseCase {

    /** Patients by the start of a first or last name and/or digits of a phone number on file. */
    List<Patient> findPatients(String name, String phone, int limit);

    Optional<Patient> patient(long patientId);

    /** The patient's prescriptions, newest written first; empty when there is no such patient. */
    List<Prescription> prescriptionsOf(long patientId);
}
