package org.pharmacyvoice.domain.dispensary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.dispensary.port.in.FindPatientsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RenewalRequestsUseCase;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.RenewalRequest;

/** What staff may look up: patients by name or phone, their prescriptions, and the renewal requests to send. */
public final class PatientRecords implements FindPatientsUseCase, RenewalRequestsUseCase {

    /** The most patients or requests one look returns: a page for a person, not an export. */
    public static final int MAX_LIMIT = 200;

    private final PatientRegistry patients;
    private final PrescriptionFile prescriptions;
    private final RenewalRequests renewals;

    public PatientRecords(PatientRegistry patients, PrescriptionFile prescriptions, RenewalRequests renewals) {
        this.patients = Objects.requireNonNull(patients, "'patients' must not be null");
        this.prescriptions = Objects.requireNonNull(prescriptions, "'prescriptions' must not be null");
        this.renewals = Objects.requireNonNull(renewals, "'renewals' must not be null");
    }

    @Override
    public List<Patient> findPatients(String name, String phone, int limit) {
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        return patients.search(name == null ? "" : name.strip(), digits, bounded(limit));
    }

    @Override
    public Optional<Patient> patient(long patientId) {
        return patients.patient(patientId);
    }

    @Override
    public List<Prescription> prescriptionsOf(long patientId) {
        return prescriptions.ofPatient(patientId);
    }

    @Override
    public List<RenewalRequest> renewalRequests(boolean openOnly, int limit) {
        return renewals.find(openOnly, bounded(limit));
    }

    @Override
    public boolean closeRenewalRequest(long requestId) {
        return renewals.close(requestId);
    }

    private static int bounded(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        return limit;
    }
}
