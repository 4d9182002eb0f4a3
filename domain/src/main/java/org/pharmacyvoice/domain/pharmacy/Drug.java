package org.pharmacyvoice.domain.pharmacy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One product of the formulary, as the tools and the staff see it: a generic drug in one strength and pack, the
 * brand names callers use for it, its price per pack and the packs on the shelf.
 */
public record Drug(
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

    public Drug {
        Objects.requireNonNull(genericName, "'genericName' must not be null");
        brandNames = List.copyOf(brandNames);
        Objects.requireNonNull(strength, "'strength' must not be null");
        Objects.requireNonNull(form, "'form' must not be null");
        Objects.requireNonNull(packSize, "'packSize' must not be null");
        Objects.requireNonNull(price, "'price' must not be null");
        commonUses = commonUses == null ? "" : commonUses;
        keyWarnings = keyWarnings == null ? "" : keyWarnings;
        if (stockOnHand < 0) {
            throw new IllegalArgumentException("stock on hand must not be negative: " + stockOnHand);
        }
    }

    public boolean inStock() {
        return stockOnHand > 0;
    }
}
