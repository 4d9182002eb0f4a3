package org.pharmacyvoice.domain.prescription;

import java.time.LocalDate;

/** What the law and the pharmacy's rules say about refilling one prescription today, before anything is queued. */
public sealed interface RefillVerdict {

    /** It may be refilled now. */
    record Allowed() implements RefillVerdict {
    }

    /** Schedule II: every fill needs a new prescription (21 CFR 1306.12(a)). */
    record NeedsNewPrescription() implements RefillVerdict {
    }

    /** Discontinued or transferred: not filled here any more. */
    record Inactive(PrescriptionStatus status) implements RefillVerdict {
    }

    /** The prescriber must renew it: no refills left, or too old to fill. */
    record NeedsRenewal(RenewalReason reason) implements RefillVerdict {
    }

    /** Too soon after the last fill: it can be filled from {@code earliest}. */
    record TooSoon(LocalDate earliest) implements RefillVerdict {
    }
}
