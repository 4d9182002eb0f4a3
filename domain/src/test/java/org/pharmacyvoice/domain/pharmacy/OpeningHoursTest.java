package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Working time counted the way the pharmacy's door says. */
class OpeningHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final OpeningHours hours = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", NEW_YORK);

    private static Instant at(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), NEW_YORK).toInstant();
    }

    @Test
    void workInsideOpeningHoursEndsTheSameDay() {
        // 2026-06-15 is a Monday.
        assertThat(hours.after(at("2026-06-15T10:00"), Duration.ofHours(2)), equalTo(Optional.of(at("2026-06-15T12:00"))));
    }

    @Test
    void workThatRunsPastClosingContinuesWhenTheyOpenAgain() {
        assertThat(hours.after(at("2026-06-15T18:30"), Duration.ofHours(2)), equalTo(Optional.of(at("2026-06-16T10:30"))));
    }

    @Test
    void sundayIsClosedSoSaturdayEveningWorkEndsOnMonday() {
        assertThat(hours.after(at("2026-06-20T16:00"), Duration.ofHours(2)), equalTo(Optional.of(at("2026-06-22T10:00"))));
        assertThat(hours.after(at("2026-06-21T12:00"), Duration.ofMinutes(30)),
                equalTo(Optional.of(at("2026-06-22T09:30"))));
    }

    @Test
    void beforeOpeningTheClockStartsAtOpening() {
        assertThat(hours.after(at("2026-06-15T06:00"), Duration.ofHours(1)), equalTo(Optional.of(at("2026-06-15T10:00"))));
        assertThat(hours.isOpen(at("2026-06-15T06:00")), is(false));
        assertThat(hours.isOpen(at("2026-06-15T09:00")), is(true));
        assertThat(hours.isOpen(at("2026-06-15T19:00")), is(false));
    }

    @Test
    void workLongerThanTwoWeeksOfOpeningHoursHasNoAnswer() {
        assertThat(hours.after(at("2026-06-15T10:00"), Duration.ofHours(200)), equalTo(Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mon-Fri", "Mon-Fri 19:00-09:00", "Fri-Mon 09:00-17:00", "Mon 09:00-17:00; Mon 10:00-12:00",
        "Mon 25:00-26:00", "Someday 09:00-17:00"})
    void hoursThatCannotBeReadAreRefusedWithTheReason(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> OpeningHours.parse(text, NEW_YORK));
        assertThat(e.getMessage(), containsString("opening hours"));
    }
}
