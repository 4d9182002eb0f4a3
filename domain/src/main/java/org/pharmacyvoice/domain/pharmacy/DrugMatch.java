package org.pharmacyvoice.domain.pharmacy;

import java.util.List;
import java.util.Objects;

/** What the formulary says to a drug name heard on the phone: this drug, or no such drug (with look-alikes). */
public sealed interface DrugMatch {

    record Found(Drug drug) implements DrugMatch {
        public Found {
            Objects.requireNonNull(drug, "'drug' must not be null");
        }
    }

    /** No drug by that name; {@code suggestions} are up to three close names, closest first, to confirm. */
    record Unknown(String heardName, List<String> suggestions) implements DrugMatch {
        public Unknown {
            Objects.requireNonNull(heardName, "'heardName' must not be null");
            suggestions = List.copyOf(suggestions);
        }
    }
}
