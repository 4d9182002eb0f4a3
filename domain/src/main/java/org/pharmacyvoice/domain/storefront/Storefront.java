package org.pharmacyvoice.domain.storefront;

import java.time.Clock;
import java.util.Objects;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.pharmacy.StoreHours;
import org.pharmacyvoice.domain.storefront.port.in.StoreHoursUseCase;

/**
 * The sign on the pharmacy's door: when it is open, holidays included, in its own time zone. Anyone may read it, so
 * it needs no verified caller.
 */
public final class Storefront implements StoreHoursUseCase {

    private final OpeningHours hours;
    private final Clock clock;

    public Storefront(OpeningHours hours, Clock clock) {
        this.hours = Objects.requireNonNull(hours, "'hours' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public StoreHours storeHours() {
        return hours.at(clock.instant());
    }
}
