package org.pharmacyvoice.domain.dispensary.port.in;

import java.util.List;
import org.pharmacyvoice.domain.prescription.RenewalRequest;

/** Inbound port for staff: the requests to prescribers that are waiting to be sent, and marking them sent. */
public interface RenewalRequestsUseCase {

    List<RenewalRequest> renewalRequests(boolean openOnly, int limit);

    /** Marks a request dealt with; false when there is no such open request. */
    boolean closeRenewalRequest(long requestId);
}
