package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
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
        "Mon 25:00-26:00", "Someday 09:00-17:00", "Mon 24:00-24:00"})
    void hoursThatCannotBeReadAreRefusedWithTheReason(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> OpeningHours.parse(text, NEW_YORK));
        assertThat(e.getMessage(), containsString("opening hours"));
    }

    // --- holidays

    private final OpeningHours withHolidays = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00",
            "2026-05-25, 2026-12-25,2027-01-01", NEW_YORK);

    @Test
    void holidaysAreReadInDateOrderWhateverTheSeparator() {
        assertThat(List.copyOf(withHolidays.holidays()), equalTo(List.of(LocalDate.parse("2026-05-25"),
                LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01"))));
        assertThat(OpeningHours.parse("Mon 09:00-17:00", " 2027-01-01 2026-12-25 ; ", NEW_YORK).holidays(),
                contains(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01")));
        assertThat(OpeningHours.parse("Mon 09:00-17:00", "", NEW_YORK).holidays(), empty());
    }

    @Test
    void aHolidayOnAMondayClosesItAllDaySoSaturdayEveningWorkEndsOnTuesday() {
        // 2026-05-25 is Memorial Day, a Monday.
        assertThat(withHolidays.on(LocalDate.parse("2026-05-25")), equalTo(new DayHours.Holiday(LocalDate.parse("2026-05-25"))));
        assertThat(withHolidays.isOpen(at("2026-05-25T12:00")), is(false));
        assertThat(hours.isOpen(at("2026-05-25T12:00")), is(true));
        assertThat(withHolidays.after(at("2026-05-23T16:00"), Duration.ofHours(2)),
                equalTo(Optional.of(at("2026-05-26T10:00"))));
        assertThat(withHolidays.nextOpening(at("2026-05-23T18:00")).orElseThrow().toInstant(),
                equalTo(at("2026-05-26T09:00")));
    }

    @Test
    void workAskedForTheEveningBeforeAHolidayIsDoneTheDayAfterIt() {
        // Thursday 2026-12-24 at 18:30: half an hour left today, Friday is Christmas, Saturday opens at 9.
        assertThat(withHolidays.after(at("2026-12-24T18:30"), Duration.ofHours(2)),
                equalTo(Optional.of(at("2026-12-26T10:30"))));
        assertThat(hours.after(at("2026-12-24T18:30"), Duration.ofHours(2)),
                equalTo(Optional.of(at("2026-12-25T10:30"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "25/12/2026", "2026-02-30", "tomorrow", "2026-12-25,christmas"})
    void holidaysThatCannotBeReadAreRefusedNamingTheBadDate(String text) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> OpeningHours.parse("Mon-Fri 09:00-19:00", text, NEW_YORK));
        String bad = text.contains(",") ? text.substring(text.indexOf(',') + 1) : text;
        assertThat(e.getMessage(), equalTo("pharmacy holidays: can't read '" + bad + "' as a date; write dates like "
                + "'2026-12-25, 2027-01-01'"));
    }

    // --- daylight saving time

    @Test
    void theNightTheClocksGoForwardHasAnHourLessOfOpeningTime() {
        // 2026-03-08, a Sunday: at 2 AM New York's clocks jump to 3 AM, so 00:00-06:00 is five hours long.
        var night = OpeningHours.parse("Mon-Sun 00:00-06:00", NEW_YORK);

        assertThat(night.after(at("2026-03-08T00:00"), Duration.ofMinutes(330)),
                equalTo(Optional.of(at("2026-03-09T00:30"))));
        assertThat(night.after(at("2026-11-01T00:00"), Duration.ofMinutes(390)),
                equalTo(Optional.of(Instant.parse("2026-11-01T10:30:00Z"))));
    }

    @Test
    void theNextOpeningAcrossTheClockChangeIsNineOClockLocalTime() {
        // Saturday 2026-03-07 in the evening is still standard time (UTC-5); Monday 9 AM is daylight time (UTC-4).
        assertThat(hours.nextOpening(at("2026-03-07T18:00")).orElseThrow().toInstant(),
                equalTo(Instant.parse("2026-03-09T13:00:00Z")));
        assertThat(hours.isOpen(Instant.parse("2026-03-09T12:59:59Z")), is(false));
        assertThat(hours.isOpen(Instant.parse("2026-03-09T13:00:00Z")), is(true));
    }

    // --- open now, closing, next opening

    @Test
    void whileOpenTheNextOpeningIsTheOneAfterTodaysClosing() {
        StoreHours friday = withHolidays.at(at("2026-06-19T10:15"));

        assertThat(friday.openNow(), is(true));
        assertThat(friday.closure(), equalTo(Optional.empty()));
        assertThat(friday.closes().orElseThrow().toInstant(), equalTo(at("2026-06-19T19:00")));
        assertThat(friday.nextOpening().orElseThrow().toInstant(), equalTo(at("2026-06-20T09:00")));
    }

    @Test
    void whyItIsClosedNow() {
        assertThat(withHolidays.at(at("2026-12-25T12:00")).closure(), equalTo(Optional.of(StoreHours.Closure.HOLIDAY)));
        assertThat(withHolidays.at(at("2026-06-21T12:00")).closure(),
                equalTo(Optional.of(StoreHours.Closure.CLOSED_DAY)));
        assertThat(withHolidays.at(at("2026-06-22T08:59")).closure(),
                equalTo(Optional.of(StoreHours.Closure.BEFORE_OPENING)));
        assertThat(withHolidays.at(at("2026-06-22T19:00")).closure(),
                equalTo(Optional.of(StoreHours.Closure.AFTER_CLOSING)));
        assertThat(withHolidays.at(at("2026-06-22T19:00")).closes(), equalTo(Optional.empty()));
    }

    @Test
    void holidaysOfTheNextFourWeeksAfterTodayAreListed() {
        assertThat(withHolidays.at(at("2026-12-20T12:00")).holidaysAhead(),
                contains(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01")));
        assertThat(withHolidays.at(at("2026-12-25T12:00")).holidaysAhead(), contains(LocalDate.parse("2027-01-01")));
        assertThat(withHolidays.at(at("2026-11-26T12:00")).holidaysAhead(), empty());
    }

    @Test
    void aPharmacyOpenAroundTheClockNeverClosesExceptOnItsHolidays() {
        var always = OpeningHours.parse("Mon-Sun 00:00-24:00", NEW_YORK);
        var withChristmas = OpeningHours.parse("Mon-Sun 00:00-24:00", "2026-12-25", NEW_YORK);

        assertThat(always.isOpen(at("2026-06-21T23:59:59")), is(true));
        assertThat(always.isOpen(at("2026-06-22T00:00")), is(true));
        assertThat(always.closing(at("2026-06-21T12:00")), equalTo(Optional.empty()));
        assertThat(always.nextOpening(at("2026-06-21T12:00")), equalTo(Optional.empty()));
        assertThat(always.after(at("2026-06-21T23:00"), Duration.ofHours(2)), equalTo(Optional.of(at("2026-06-22T01:00"))));
        assertThat(withChristmas.closing(at("2026-12-20T12:00")).orElseThrow().toInstant(), equalTo(at("2026-12-25T00:00")));
        assertThat(withChristmas.nextOpening(at("2026-12-25T08:00")).orElseThrow().toInstant(),
                equalTo(at("2026-12-26T00:00")));
    }

    @Test
    void hoursUntilMidnightCarryIntoADayThatOpensAtMidnight() {
        var late = OpeningHours.parse("Fri 09:00-24:00; Sat 00:00-12:00", NEW_YORK);

        assertThat(late.closing(at("2026-06-19T20:00")).orElseThrow().toInstant(), equalTo(at("2026-06-20T12:00")));
        assertThat(late.nextOpening(at("2026-06-19T20:00")).orElseThrow().toInstant(), equalTo(at("2026-06-26T09:00")));
        assertThat(late.describe(), contains("Fri 09:00-24:00", "Sat 00:00-12:00"));
    }
}
