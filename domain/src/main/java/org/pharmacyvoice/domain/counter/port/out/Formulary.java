package org.pharmacyvoice.domain.counter.port.out;

import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugName;

/** Outbound port: the pharmacy's list of drugs, with their prices and the stock on the shelf. */
public interface Formulary {

    /**
     * The drugs whose generic name or one of whose brand names contains {@code query}, ignoring case, sorted by
     * generic name; a blank query lists the whole formulary.
     */
    List<Drug> search(String query);

    Optional<Drug> drug(long drugId);

    /** Every generic and brand name, generic names first. */
    List<DrugName> names();

    int stockOnHand(long drugId);

    /**
     * Takes {@code quantity} packs off the shelf if that many are there; false (and nothing taken) if not. The check
     * and the change are one step, so two callers racing for the last pack can't both get it.
     */
    boolean reserve(long drugId, int quantity);

    /** Puts packs back on the shelf. */
    void restock(long drugId, int quantity);
}
