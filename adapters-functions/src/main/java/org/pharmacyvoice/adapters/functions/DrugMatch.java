package org.pharmacyvoice.adapters.functions;

import java.util.List;
import org.pharmacyvoice.domain.pharmacy.Drug;

/** What the formulary says to a drug name heard on the phone: this drug, or no such drug (with look-alikes). */
sealed interface DrugMatch {

    record Found(Drug drug) implements DrugMatch {
    }

    record Unknown(String heardName, List<String> suggestions) implements DrugMatch {
        public Unknown {
            suggestions = List.copyOf(suggestions);
        }
    }
}
