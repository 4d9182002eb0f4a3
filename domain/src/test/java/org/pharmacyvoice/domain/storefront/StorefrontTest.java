package org.pharmacyvoice.domain.storefront;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.pharmacy.DayHours;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.pharmacy.StoreHours;

/** The door's sign, read at the clock's moment in the pharmacy's zone, whatever the clock's own zone. */
class StorefrontTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void theHoursAreReadAtTheClocksMomentInThePharmacysZone() {
        // 2026-12-24T02:00Z is still Wednesday evening, 9 PM, in New York.
        Instant now = Instant.parse("2026-12-24T02:00:00Z");
        var storefront = new Storefront(OpeningHours.parse("Mon-Fri 09:00-19:00", "2026-12-25", NEW_YORK),
                Clock.fixed(now, ZoneOffset.UTC));

        StoreHours hours = storefront.storeHours();

        assertThat(hours.now().toLocalDateTime(), equalTo(LocalDateTime.parse("2026-12-23T21:00")));
        assertThat(hours.openNow(), is(false));
        assertThat(hours.closure(), equalTo(Optional.of(StoreHours.Closure.AFTER_CLOSING)));
        assertThat(hours.today().date(), equalTo(LocalDate.parse("2026-12-23")));
        assertThat(hours.today(), equalTo(hours.hours().on(LocalDate.parse("2026-12-23"))));
        assertThat(hours.today() instanceof DayHours.Open, is(true));
        assertThat(hours.nextOpening().orElseThrow().toLocalDateTime(), equalTo(LocalDateTime.parse("2026-12-24T09:00")));
        assertThat(hours.holidaysAhead(), contains(LocalDate.parse("2026-12-25")));
    }
}
