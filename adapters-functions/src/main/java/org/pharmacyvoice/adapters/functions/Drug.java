package org.pharmacyvoice.adapters.functions;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** One product of the formulary: a generic drug in one strength and pack, with its price and stock. */
record Drug(
        long id,
        String genericName,
        List<String> brandNames,
        String strength,
        String form,
        String packSize,
        BigDecimal price,
        int stockOnHand,
        boolean prescriptionRequired,
        String commonUses,
        String keyWarnings) {

    Drug {
        Objects.requireNonNull(genericName, "'genericName' must not be null");
        brandNames = List.copyOf(brandNames);
        Objects.requireNonNull(price, "'price' must not be null");
    }

    boolean inStock() {
        return stockOnHand > 0;
    }
}
