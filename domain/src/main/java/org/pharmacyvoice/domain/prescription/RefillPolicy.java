package org.pharmacyvoice.domain.prescription;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;

/**
 * The pharmacy's refill settings together: the rules for when a prescription may be refilled, the opening hours,
 * and how much working time staff need to fill one ({@code preparationTime}, two hours by default).
 */
public record RefillPolicy(RefillRules rules, OpeningHours hours, Duration preparationTime) {

    public RefillPolicy {
        Objects.requireNonNull(rules, "'rules' must not be null");
        Objects.requireNonNull(hours, "'hours' must not be null");
        Objects.requireNonNull(preparationTime, "'preparationTime' must not be null");
        if (preparationTime.isNegative()) {
            throw new IllegalArgumentException("preparation time must not be negative: " + preparationTime);
        }
    }

    /**
     * When a refill asked for at {@code requestedAt} will be ready: the preparation time counted in opening hours
     * only; if the hours leave no room within two weeks, the plain preparation time (staff will say otherwise).
     */
    public Instant readyBy(Instant requestedAt) {
        return hours.after(requestedAt, preparationTime).orElse(requestedAt.plus(preparationTime));
    }
}
