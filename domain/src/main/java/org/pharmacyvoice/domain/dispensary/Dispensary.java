package org.pharmacyvoice.domain.dispensary;

import java.time.Clock;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.dispensary.port.in.CheckRefillUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.FindPatientsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.ListPrescriptionsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RefillQueueUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RenewalRequestsUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.RequestRefillUseCase;
import org.pharmacyvoice.domain.dispensary.port.in.VerifyCallerUseCase;
import org.pharmacyvoice.domain.dispensary.port.out.PatientRegistry;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.dispensary.port.out.RenewalRequests;
import org.pharmacyvoice.domain.prescription.RefillPolicy;

/**
 * The dispensary: everything callers and staff can do with patients, prescriptions and refills, one use case per
 * action. The phone tools and the staff API both come here; nothing about a patient reaches a caller who has not
 * proved to be that patient.
 */
public record Dispensary(
        VerifyCallerUseCase verifyCaller,
        RequestRefillUseCase requestRefill,
        CheckRefillUseCase checkRefill,
        ListPrescriptionsUseCase listPrescriptions,
        FindPatientsUseCase findPatients,
        RefillQueueUseCase refillQueue,
        RenewalRequestsUseCase renewalRequests) {

    public static Dispensary open(PatientRegistry patients, PrescriptionFile prescriptions, RefillQueue queue,
                                  RenewalRequests renewals, Transactions transactions, RefillPolicy policy,
                                  Clock clock) {
        var desk = new RefillDesk(prescriptions, queue, renewals, transactions, policy, clock);
        var records = new PatientRecords(patients, prescriptions, renewals);
        return new Dispensary(new IdentityDesk(patients, prescriptions, clock), desk, desk, desk, records,
                new RefillWork(queue, prescriptions, transactions, policy.hours(), clock), records);
    }
}
