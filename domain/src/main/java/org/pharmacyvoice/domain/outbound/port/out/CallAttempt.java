package org.pharmacyvoice.domain.outbound.port.out;

/** What came of asking the phone network to place a call. */
public sealed interface CallAttempt {

    /** The network took the call and will ring the patient; progress arrives at the status callback. */
    record Placed(String callSid) implements CallAttempt {
    }

    /**
     * The network refused the request (bad credentials, a number it won't call, a malformed request): trying again
     * unchanged will fail the same way unless {@code retryable}.
     */
    record Refused(String reason, boolean retryable) implements CallAttempt {
    }

    /**
     * The network could not be reached or kept failing (connection errors, 429, 5xx) after the retries: try later.
     * {@code maybePlaced}: a request reached the network and its outcome is unknown, so check with
     * {@link PhoneNetwork#recentCallTo} before placing the call again.
     */
    record Unreachable(String reason, boolean maybePlaced) implements CallAttempt {
    }
}
