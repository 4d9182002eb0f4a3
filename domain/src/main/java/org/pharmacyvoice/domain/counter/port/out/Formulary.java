package org.pharmacyvoice.domain.counter.port.out;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.pharmacy.Drug;

/** Outbound port: the pharmacy's list of drugs, with their prices and the stock on the shelf. */
public interface Formulary {

    /**
     * The drugs whose generic name or one of whose brand names contains {@code query}, ignoring case, sorted by
     * generic name; a blank query lists the whole formulary.
     */
    List<Drug> search(String query);

    Optional<Drug> drug(long drugId);
}
