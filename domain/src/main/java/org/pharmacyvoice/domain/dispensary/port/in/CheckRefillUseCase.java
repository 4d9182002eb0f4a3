package org.pharmacyvoice.domain.dispensary.port.in;

import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.prescription.RefillSight;

/** Inbound port: a verified caller asks what happened to the refill of one of their prescriptions. */
public interface CheckRefillUseCase {

    RefillSight refillStatus(String rxNumber, CallerIdentity caller);
}
