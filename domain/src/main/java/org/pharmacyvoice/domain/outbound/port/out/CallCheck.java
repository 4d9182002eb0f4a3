package org.pharmacyvoice.domain.outbound.port.out;

/** The answer to "was this number called recently?", which settles an attempt whose outcome was lost. */
public sealed interface CallCheck {

    /** A call to the number was created in the window: it is ours, don't place another. */
    record Found(String callSid) implements CallCheck {
    }

    /** No call to the number was created in the window: placing it again cannot double it. */
    record NotFound() implements CallCheck {
    }

    /** The network could not be asked: still unknown, so don't place the call yet. */
    record Unknown(String reason) implements CallCheck {
    }
}
