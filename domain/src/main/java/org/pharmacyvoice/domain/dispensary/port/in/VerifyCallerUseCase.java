package org.pharmacyvoice.domain.dispensary.port.in;

import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Verification;

/** Inbound port: a caller proves who they are, so that the call may act for that one patient. */
public interface VerifyCallerUseCase {

    Verification verifyCaller(IdentityClaim claim, CallerIdentity caller);
}
