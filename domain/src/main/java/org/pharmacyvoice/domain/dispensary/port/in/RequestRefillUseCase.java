package org.pharmacyvoice.domain.dispensary.port.in;

import java.util.Objects;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.prescription.RefillOutcome;

/** Inbound port: a verified caller asks for a refill of one of their prescriptions by its Rx number. */
public interface RequestRefillUseCase {

    /**
     * The request: the Rx number as the caller gave it, who is asking, and the agent's id for this request (the
     * same id never queues twice); {@code callSid} only for log lines.
     */
    record RequestRefill(String rxNumber, CallerIdentity caller, String toolCallId, String callSid) {
        public RequestRefill {
            Objects.requireNonNull(rxNumber, "'rxNumber' must not be null");
            Objects.requireNonNull(caller, "'caller' must not be null");
            Objects.requireNonNull(toolCallId, "'toolCallId' must not be null");
            Objects.requireNonNull(callSid, "'callSid' must not be null");
        }
    }

    RefillOutcome requestRefill(RequestRefill request);
}
