package org.pharmacyvoice.domain.counter.port.in;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.pharmacy.Drug;

/** Inbound port: staff browse the formulary. */
public interface BrowseFormularyUseCase {

    /** Drugs whose generic or brand name contains {@code query}, ignoring case; all of them for a blank query. */
    List<Drug> searchDrugs(String query);

    Optional<Drug> drug(long drugId);
}
