package org.pharmacyvoice.domain.notification;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules for calling patients, decided with made-up clocks in the pharmacy's zone (New York). */
class CallingRulesTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private final CallingRules rules = CallingRules.customary(ZONE);

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    private static Notification queued(Instant createdAt, int attempts, Optional<CallOutcome> last) {
        return new Notification(1, NotificationKind.READY_FOR_PICKUP, new Subject.ReadyRefill(7), Optional.of(3L),
                "+15551230001", NotificationState.QUEUED, attempts, createdAt, last, createdAt, createdAt);
    }

    private static Notification fresh(Instant createdAt) {
        return queued(createdAt, 0, Optional.empty());
    }

    private CallVerdict decide(Notification notification, List<Instant> calls, Instant now) {
        return rules.decide(notification, calls, false, true, now);
    }

    private static void assertWaitsUntil(CallVerdict verdict, Instant expected, String because) {
        assertThat(verdict, instanceOf(CallVerdict.WaitUntil.class));
        var wait = (CallVerdict.WaitUntil) verdict;
        assertThat(wait.at(), is(expected));
        assertThat(wait.why(), containsString(because));
    }

    private static void assertGivesUp(CallVerdict verdict, NotificationState endsAs, String because) {
        assertThat(verdict, instanceOf(CallVerdict.GiveUp.class));
        var giveUp = (CallVerdict.GiveUp) verdict;
        assertThat(giveUp.endsAs(), is(endsAs));
        assertThat(giveUp.why(), containsString(because));
    }

    @Test
    void aCallAt2059IsMadeAndOneAt2100WaitsForEightTheNextMorning() {
        Instant created = local("2026-01-14T10:00:00");

        assertThat(decide(fresh(created), List.of(), local("2026-01-14T20:59:00")), is(new CallVerdict.CallNow()));
        assertWaitsUntil(decide(fresh(created), List.of(), local("2026-01-14T21:00:00")),
                local("2026-01-15T08:00:00"), "between 08:00 and 21:00");
    }

    @Test
    void beforeEightTheCallWaitsForEightTheSameDay() {
        Instant created = local("2026-01-13T18:00:00");

        assertWaitsUntil(decide(fresh(created), List.of(), local("2026-01-14T07:59:59")),
                local("2026-01-14T08:00:00"), "between");
        assertThat(decide(fresh(created), List.of(), local("2026-01-14T08:00:00")), is(new CallVerdict.CallNow()));
    }

    @Test
    void hoursFollowTheLocalClockAcrossTheSpringAndAutumnChanges() {
        // 8 March 2026: clocks go from 2:00 EST to 3:00 EDT; 8:00 that morning is 12:00 UTC, not 13:00.
        assertWaitsUntil(decide(fresh(local("2026-03-07T12:00:00")), List.of(), local("2026-03-07T21:30:00")),
                Instant.parse("2026-03-08T12:00:00Z"), "between");
        // 1 November 2026: back to EST; 8:00 is 13:00 UTC, and 20:59 EST (01:59 UTC next day) may still call.
        assertWaitsUntil(decide(fresh(local("2026-10-31T12:00:00")), List.of(), local("2026-10-31T21:30:00")),
                Instant.parse("2026-11-01T13:00:00Z"), "between");
        assertThat(decide(fresh(local("2026-11-01T12:00:00")), List.of(), Instant.parse("2026-11-02T01:59:00Z")),
                is(new CallVerdict.CallNow()));
    }

    @Test
    void callingHoursAreConfigurable() {
        var evenings = new CallingRules(new CallingHours(LocalTime.of(9, 30), LocalTime.of(18, 0)), ZONE, 1, 3, 3,
                Duration.ofHours(2), Duration.ofDays(7));
        Instant created = local("2026-01-14T07:00:00");

        assertWaitsUntil(evenings.decide(fresh(created), List.of(), false, true, local("2026-01-14T09:00:00")),
                local("2026-01-14T09:30:00"), "between 09:30 and 18:00");
        assertWaitsUntil(evenings.decide(fresh(created), List.of(), false, true, local("2026-01-14T18:00:00")),
                local("2026-01-15T09:30:00"), "between 09:30 and 18:00");
    }

    @Test
    void aSecondCallToTheNumberTheSameLocalDayWaitsForTomorrowsHours() {
        Instant created = local("2026-01-14T09:00:00");
        List<Instant> calledThisMorning = List.of(local("2026-01-14T09:05:00"));

        assertWaitsUntil(decide(fresh(created), calledThisMorning, local("2026-01-14T15:00:00")),
                local("2026-01-15T08:00:00"), "at most 1 call(s) a day");
        assertThat(decide(fresh(created), calledThisMorning, local("2026-01-15T08:00:00")),
                is(new CallVerdict.CallNow()));
    }

    @Test
    void daysAreThePharmacysLocalDaysNotUtcDays() {
        // 20:30 in New York on 5 January is 01:30 UTC on the 6th; 8:00 on the 6th is another local day.
        List<Instant> lastNight = List.of(local("2026-01-05T20:30:00"));

        assertThat(decide(fresh(local("2026-01-05T12:00:00")), lastNight, local("2026-01-06T08:00:00")),
                is(new CallVerdict.CallNow()));
    }

    @Test
    void theThirdCallOfAWeekIsMadeAndTheFourthWaitsUntilTheOldestLeavesTheWeek() {
        // Calls about other notifications to the same number on Monday, Tuesday and Wednesday 5, 6, 7 January 2026.
        Instant created = local("2026-01-07T09:00:00");
        List<Instant> twoCalls = List.of(local("2026-01-05T10:00:00"), local("2026-01-06T10:00:00"));
        List<Instant> threeCalls = List.of(local("2026-01-05T10:00:00"), local("2026-01-06T10:00:00"),
                local("2026-01-07T10:00:00"));

        assertThat(decide(fresh(created), twoCalls, local("2026-01-07T10:00:00")), is(new CallVerdict.CallNow()));
        // Thursday: the week up to it (2-8 January) holds three; Monday 12th's week (6-12) holds two.
        assertWaitsUntil(decide(fresh(created), threeCalls, local("2026-01-08T10:00:00")),
                local("2026-01-12T08:00:00"), "at most 3 calls a week");
        assertThat(decide(fresh(created), threeCalls, local("2026-01-12T08:00:00")), is(new CallVerdict.CallNow()));
    }

    @Test
    void attemptsAreSpacedEvenWhenTheDailyLimitWouldAllowMore() {
        var threeADay = new CallingRules(CallingHours.CUSTOMARY, ZONE, 3, 6, 3, Duration.ofHours(2),
                Duration.ofDays(7));
        Instant created = local("2026-01-14T07:00:00");
        var once = queued(created, 1, Optional.of(CallOutcome.NO_ANSWER));

        assertWaitsUntil(threeADay.decide(once, List.of(local("2026-01-14T08:00:00")), false, true,
                local("2026-01-14T09:00:00")), local("2026-01-14T10:00:00"), "spaced 120 minutes apart");
        // Spacing that ends after the calling hours moves on to the next morning.
        assertWaitsUntil(threeADay.decide(once, List.of(local("2026-01-14T20:00:00")), false, true,
                local("2026-01-14T20:30:00")), local("2026-01-15T08:00:00"), "between");
    }

    @Test
    void aScheduledNextAttemptIsWaitedFor() {
        Instant created = local("2026-01-14T08:00:00");
        var scheduled = new Notification(1, NotificationKind.REFILL_REMINDER,
                new Subject.RunningOut("1000001", java.time.LocalDate.of(2026, 1, 1)), Optional.of(3L),
                "+15551230001", NotificationState.QUEUED, 0, local("2026-01-14T12:00:00"), Optional.empty(), created,
                created);

        assertWaitsUntil(decide(scheduled, List.of(), local("2026-01-14T09:00:00")), local("2026-01-14T12:00:00"),
                "scheduled");
    }

    @Test
    void afterTheLastAttemptTheNotificationEndsWithItsLastOutcome() {
        Instant created = local("2026-01-14T08:00:00");

        assertGivesUp(decide(queued(created, 3, Optional.of(CallOutcome.BUSY)), List.of(), local("2026-01-17T10:00:00")),
                NotificationState.BUSY, "all 3 attempts");
        assertThat(decide(queued(created, 2, Optional.of(CallOutcome.BUSY)), List.of(), local("2026-01-17T10:00:00")),
                is(new CallVerdict.CallNow()));
    }

    @Test
    void anOptOutArrivingBetweenTwoAttemptsStopsTheSecond() {
        Instant created = local("2026-01-14T08:00:00");
        var afterFirst = queued(created, 1, Optional.of(CallOutcome.NO_ANSWER));
        List<Instant> calls = List.of(local("2026-01-14T09:00:00"));
        Instant tomorrow = local("2026-01-15T09:00:00");

        assertThat(rules.decide(afterFirst, calls, false, true, tomorrow), is(new CallVerdict.CallNow()));
        assertGivesUp(rules.decide(afterFirst, calls, true, true, tomorrow), NotificationState.OPTED_OUT,
                "no more calls");
        // Opted out wins over every other rule, even outside the hours.
        assertGivesUp(rules.decide(afterFirst, calls, true, true, local("2026-01-15T23:00:00")),
                NotificationState.OPTED_OUT, "no more calls");
    }

    @Test
    void aCallWhoseReasonHasGoneIsCancelled() {
        assertGivesUp(rules.decide(fresh(local("2026-01-14T08:00:00")), List.of(), false, false,
                local("2026-01-14T10:00:00")), NotificationState.CANCELLED, "reason for the call has gone");
    }

    @Test
    void aNotificationTooOldToCallExpires() {
        Instant created = local("2026-01-14T10:00:00");

        assertGivesUp(decide(fresh(created), List.of(), local("2026-01-21T10:00:00")), NotificationState.EXPIRED,
                "too old");
        assertThat(decide(fresh(created), List.of(), local("2026-01-21T09:59:00")), is(new CallVerdict.CallNow()));
        // Waiting would carry it past its age: give up now rather than hold it.
        assertGivesUp(decide(fresh(created), List.of(local("2026-01-21T08:30:00")), local("2026-01-21T09:00:00")),
                NotificationState.EXPIRED, "too old");
    }

    @Test
    void rulesThatCannotHoldAreRefused() {
        assertThat(thrown(() -> new CallingRules(CallingHours.CUSTOMARY, ZONE, 2, 1, 3, Duration.ZERO,
                Duration.ofDays(1))), is(true));
        assertThat(thrown(() -> new CallingHours(LocalTime.of(21, 0), LocalTime.of(8, 0))), is(true));
    }

    private static boolean thrown(Runnable construction) {
        try {
            construction.run();
            return false;
        } catch (IllegalArgumentException expected) {
            return true;
        }
    }
}
