package org.pharmacyvoice.adapters.functions;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.pharmacy.Drug;

/**
 * Finds the drug a caller means by a generic or brand name; never guesses: a name that matches nothing comes back
 * unknown, with the closest names for the agent to confirm with the caller.
 */
final class DrugCatalog {

    private final Jdbi jdbi;

    DrugCatalog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    DrugMatch find(String heardName) {
        return jdbi.withHandle(handle -> {
            var formulary = new FormularyTables(handle);
            List<DrugName> names = formulary.names();
            String key = DrugNames.key(heardName);
            Optional<Drug> exact = key.isEmpty()
                    ? Optional.empty()
                    : names.stream()
                            .filter(name -> DrugNames.key(name.name()).equals(key))
                            .findFirst()
                            .flatMap(name -> formulary.find(name.drugId()));
            return exact.<DrugMatch>map(DrugMatch.Found::new)
                    .orElseGet(() -> new DrugMatch.Unknown(heardName.strip(),
                            SpellingSuggestions.closestTo(heardName, names)));
        });
    }
}
