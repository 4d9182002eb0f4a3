package org.pharmacyvoice.domain.pharmacy;

import java.util.Objects;

/** What came of a caller's order: placed (or placed already by the same request), or why not. */
public sealed interface OrderPlacement {

    /** The order is on the books and its packs are off the shelf. */
    record Placed(Order order) implements OrderPlacement {
        public Placed {
            Objects.requireNonNull(order, "'order' must not be null");
        }
    }

    /** The formulary has no drug by that name; nothing was ordered. */
    record UnknownDrug(DrugMatch.Unknown match) implements OrderPlacement {
        public UnknownDrug {
            Objects.requireNonNull(match, "'match' must not be null");
        }
    }

    /**
     * The drug needs a prescription: it is never ordered by phone, only refilled from the caller's own prescription
     * by its Rx number; nothing was ordered.
     */
    record PrescriptionOnly(Drug drug) implements OrderPlacement {
        public PrescriptionOnly {
            Objects.requireNonNull(drug, "'drug' must not be null");
        }
    }

    /** Fewer packs on the shelf than asked for ({@code onShelf} may be 0); nothing was ordered. */
    record NotEnoughStock(Drug drug, int wanted, int onShelf) implements OrderPlacement {
        public NotEnoughStock {
            Objects.requireNonNull(drug, "'drug' must not be null");
        }
    }
}
