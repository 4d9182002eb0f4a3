package org.pharmacyvoice.domain.dispensary.port.out;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.RenewalRequest;

/** Outbound port: requests to prescribers for new prescriptions, for staff to send. */
public interface RenewalRequests {

    RenewalRequest add(NewRenewalRequest request);

    /** The open request for a prescription, if there is one: asking twice must not ask the prescriber twice. */
    Optional<RenewalRequest> openFor(String rxNumber);

    /** Requests, newest first; only the open ones when {@code openOnly}. */
    List<RenewalRequest> find(boolean openOnly, int limit);

    /** Marks a request dealt with; false if it was not open. */
    boolean close(long requestId);
}
