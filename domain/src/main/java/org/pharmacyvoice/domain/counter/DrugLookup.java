package org.pharmacyvoice.domain.counter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.in.BrowseFormularyUseCase;
import org.pharmacyvoice.domain.counter.port.in.FindDrugUseCase;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugMatch;
import org.pharmacyvoice.domain.pharmacy.DrugName;

/**
 * Finds the drug a caller means by a generic or brand name, and never guesses: a name that matches none (case,
 * spaces and hyphens aside) comes back unknown, with the closest names for the agent to confirm with the caller.
 * Staff browse the same formulary here.
 */
public final class DrugLookup implements FindDrugUseCase, BrowseFormularyUseCase {

    private final Formulary formulary;

    public DrugLookup(Formulary formulary) {
        this.formulary = Objects.requireNonNull(formulary, "'formulary' must not be null");
    }

    @Override
    public DrugMatch findDrug(String heardName) {
        List<DrugName> names = formulary.names();
        String key = DrugNames.key(heardName);
        Optional<Drug> exact = key.isEmpty()
                ? Optional.empty()
                : names.stream()
                        .filter(name -> DrugNames.key(name.name()).equals(key))
                        .findFirst()
                        .flatMap(name -> formulary.drug(name.drugId()));
        return exact.<DrugMatch>map(DrugMatch.Found::new)
                .orElseGet(() -> new DrugMatch.Unknown(heardName.strip(),
                        SpellingSuggestions.closestTo(heardName, names)));
    }

    @Override
    public List<Drug> searchDrugs(String query) {
        return formulary.search(query == null ? "" : query.strip());
    }

    @Override
    public Optional<Drug> drug(long drugId) {
        return formulary.drug(drugId);
    }
}
