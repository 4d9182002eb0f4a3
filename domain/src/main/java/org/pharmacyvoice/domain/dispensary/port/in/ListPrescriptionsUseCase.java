package org.pharmacyvoice.domain.dispensary.port.in;

import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.prescription.PrescriptionList;

/** Inbound port: a verified caller asks which prescriptions the pharmacy has for them. */
public interface ListPrescriptionsUseCase {

    PrescriptionList prescriptionsOf(CallerIdentity caller);
}
