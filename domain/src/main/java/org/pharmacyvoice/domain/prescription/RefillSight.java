package org.pharmacyvoice.domain.prescription;

import java.util.Optional;

/** What a caller may hear about the refills of one of their prescriptions. */
public sealed interface RefillSight {

    /**
     * The prescription with its newest refill and its open renewal request, if any; {@code refillsLeft} as the rules
     * count them (within the legal cap for Schedules III and IV).
     */
    record Found(Prescription prescription, int refillsLeft, Optional<Refill> latestRefill,
                 Optional<RenewalRequest> openRenewal) implements RefillSight {
    }

    record NotOnFile(String rxNumber) implements RefillSight {
    }

    record NotVerified(boolean lockedOut) implements RefillSight {
    }
}
