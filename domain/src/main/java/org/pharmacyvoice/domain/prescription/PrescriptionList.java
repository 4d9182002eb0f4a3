package org.pharmacyvoice.domain.prescription;

import java.util.List;

/** A verified caller's prescriptions, or why they can't hear them. */
public sealed interface PrescriptionList {

    /** Each prescription with the refills left as the rules count them, in the same order. */
    record Listed(List<Prescription> prescriptions, List<Integer> refillsLeft) implements PrescriptionList {
        public Listed {
            prescriptions = List.copyOf(prescriptions);
            refillsLeft = List.copyOf(refillsLeft);
            if (prescriptions.size() != refillsLeft.size()) {
                throw new IllegalArgumentException("one count of refills per prescription");
            }
        }
    }

    record NotVerified(boolean lockedOut) implements PrescriptionList {
    }
}
