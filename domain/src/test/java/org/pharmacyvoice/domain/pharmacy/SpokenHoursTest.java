package org.pharmacyvoice.domain.pharmacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The hours in words a caller hears well. */
class SpokenHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** A Monday. */
    private static final LocalDate MONDAY = LocalDate.parse("2026-06-15");

    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(NEW_YORK);
    }

    @Test
    void timesAreSaidTheWayPeopleSayThem() {
        assertThat(SpokenHours.time(LocalTime.of(9, 0)), equalTo("9 AM"));
        assertThat(SpokenHours.time(LocalTime.of(9, 30)), equalTo("9:30 AM"));
        assertThat(SpokenHours.time(LocalTime.of(19, 5)), equalTo("7:05 PM"));
        assertThat(SpokenHours.time(LocalTime.of(12, 0)), equalTo("noon"));
        assertThat(SpokenHours.time(LocalTime.of(12, 30)), equalTo("12:30 PM"));
        assertThat(SpokenHours.time(LocalTime.of(0, 0)), equalTo("midnight"));
        assertThat(SpokenHours.time(LocalTime.of(0, 30)), equalTo("12:30 AM"));
    }

    @Test
    void neighbouringDaysWithTheSameHoursAreSaidTogetherAndClosedDaysLast() {
        assertThat(SpokenHours.week(OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", NEW_YORK)),
                equalTo("Monday to Friday, 9 AM to 7 PM; Saturday, 9 AM to 5 PM; closed on Sunday"));
        assertThat(SpokenHours.week(OpeningHours.parse("Mon 08:30-18:00; Tue 08:30-18:00; Thu 08:30-18:00; "
                        + "Fri 08:30-12:00", NEW_YORK)),
                equalTo("Monday and Tuesday, 8:30 AM to 6 PM; Thursday, 8:30 AM to 6 PM; Friday, 8:30 AM to noon; "
                        + "closed on Wednesday, Saturday and Sunday"));
        assertThat(SpokenHours.week(OpeningHours.parse("Mon-Sun 08:00-22:00", NEW_YORK)),
                equalTo("every day, 8 AM to 10 PM"));
        assertThat(SpokenHours.week(OpeningHours.parse("Mon-Sun 00:00-24:00", NEW_YORK)),
                equalTo("every day, 24 hours"));
        assertThat(SpokenHours.week(OpeningHours.parse("Mon-Sat 07:00-24:00", NEW_YORK)),
                equalTo("Monday to Saturday, 7 AM to midnight; closed on Sunday"));
    }

    @Test
    void aMomentIsSaidFromTodaysPointOfView() {
        assertThat(SpokenHours.when(at("2026-06-15T19:00"), MONDAY), equalTo("today at 7 PM"));
        assertThat(SpokenHours.when(at("2026-06-16T09:00"), MONDAY), equalTo("tomorrow at 9 AM"));
        assertThat(SpokenHours.when(at("2026-06-20T09:30"), MONDAY), equalTo("on Saturday at 9:30 AM"));
        assertThat(SpokenHours.when(at("2026-06-22T09:00"), MONDAY), equalTo("on Monday, June 22 at 9 AM"));
        assertThat(SpokenHours.when(at("2026-06-16T00:00"), MONDAY), equalTo("at midnight tonight"));
        assertThat(SpokenHours.when(at("2026-06-18T00:00"), MONDAY), equalTo("at midnight as Thursday begins"));
    }

    @Test
    void untilWhenItIsOpen() {
        assertThat(SpokenHours.until(at("2026-06-15T19:00"), MONDAY), equalTo("7 PM"));
        assertThat(SpokenHours.until(at("2026-06-16T00:00"), MONDAY), equalTo("midnight"));
        assertThat(SpokenHours.until(at("2026-06-16T12:00"), MONDAY), equalTo("tomorrow at noon"));
    }

    @Test
    void aDaysHoursOrWhyItIsClosed() {
        var hours = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-24:00", "2026-12-25", NEW_YORK);

        assertThat(SpokenHours.day(hours.on(MONDAY)), equalTo("9 AM to 7 PM"));
        assertThat(SpokenHours.day(hours.on(MONDAY.plusDays(5))), equalTo("9 AM to midnight"));
        assertThat(SpokenHours.day(hours.on(MONDAY.plusDays(6))), equalTo("closed on Sundays"));
        assertThat(SpokenHours.day(hours.on(LocalDate.parse("2026-12-25"))), equalTo("closed for a holiday"));
        assertThat(SpokenHours.day(OpeningHours.parse("Mon 00:00-24:00", NEW_YORK).on(MONDAY)), equalTo("24 hours"));
        assertThat(SpokenHours.date(LocalDate.parse("2026-12-25")), equalTo("Friday, December 25"));
    }

    @Test
    void whyItIsClosedNowForTheAgentsInstructions() {
        var hours = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", "2026-12-25", NEW_YORK);

        assertThat(SpokenHours.closure(hours.at(at("2026-12-25T10:00").toInstant())), equalTo("today is a holiday"));
        assertThat(SpokenHours.closure(hours.at(at("2026-06-21T10:00").toInstant())),
                equalTo("it is closed on Sundays"));
        assertThat(SpokenHours.closure(hours.at(at("2026-06-15T07:00").toInstant())),
                equalTo("today's hours, 9 AM to 7 PM, have not begun yet"));
        assertThat(SpokenHours.closure(hours.at(at("2026-06-15T20:00").toInstant())),
                equalTo("today's hours, 9 AM to 7 PM, are over"));
        assertThat(SpokenHours.closure(hours.at(at("2026-06-15T10:00").toInstant())), equalTo(""));
    }
}
