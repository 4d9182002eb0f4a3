package org.pharmacyvoice.domain.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The rules for calling patients (TCPA healthcare exemption and custom; pharmacy-rules.md "Calling patients"), decided
 * for one queued notification at one moment:
 * <ul>
 * <li>a number on the opt-out list is never called again, and a notification whose reason has gone (the refill was
 *     picked up or cancelled) is not either;</li>
 * <li>at most {@code maxAttempts} attempts, at least {@code spacing} apart, and none once the notification is older
 *     than {@code maxAge};</li>
 * <li>only within the {@link CallingHours} in the pharmacy's zone;</li>
 * <li>per number (whatever the notification), at most {@code perDay} calls on one local calendar day and
 *     {@code perWeek} in any seven consecutive local calendar days (the day of the call and the six before). Every
 *     attempt placed counts, answered or not: the law counts calls made, not calls answered.</li>
 * </ul>
 * Counting by local calendar days rather than rolling 24-hour windows keeps the rule the way a patient hears it
 * ("one call a day") and lets the next allowed call start at the day's calling hours instead of at an odd hour.
 */
public record CallingRules(CallingHours hours, ZoneId zone, int perDay, int perWeek, int maxAttempts,
                           Duration spacing, Duration maxAge) {

    /** Days in a week of calls: the day of the call and the six before it. */
    public static final int WEEK_DAYS = 7;

    public CallingRules {
        Objects.requireNonNull(hours, "'hours' must not be null");
        Objects.requireNonNull(zone, "'zone' must not be null");
        Objects.requireNonNull(spacing, "'spacing' must not be null");
        Objects.requireNonNull(maxAge, "'maxAge' must not be null");
        if (perDay < 1 || perWeek < perDay || maxAttempts < 1 || spacing.isNegative() || !maxAge.isPositive()) {
            throw new IllegalArgumentException("calling rules need perDay >= 1, perWeek >= perDay, maxAttempts >= 1, "
                    + "spacing >= 0 and a positive maxAge");
        }
    }

    /** 8:00-21:00, one call a day and three a week per number, three attempts two hours apart, within seven days. */
    public static CallingRules customary(ZoneId zone) {
        return new CallingRules(CallingHours.CUSTOMARY, zone, 1, 3, 3, Duration.ofHours(2), Duration.ofDays(7));
    }

    /**
     * What to do with {@code notification} at {@code now}.
     *
     * @param callsToNumber when each call to the notification's number started, for any notification (at least the
     *                      last {@link #WEEK_DAYS} days); this notification's own attempts among them
     * @param optedOut      whether the number is on the opt-out list now
     * @param stillDue      whether the reason for the call still holds (e.g. the refill is still waiting to be
     *                      collected)
     */
    public CallVerdict decide(Notification notification, Collection<Instant> callsToNumber, boolean optedOut,
                              boolean stillDue, Instant now) {
        Objects.requireNonNull(notification, "'notification' must not be null");
        Objects.requireNonNull(callsToNumber, "'callsToNumber' must not be null");
        Objects.requireNonNull(now, "'now' must not be null");
        if (optedOut) {
            return new CallVerdict.GiveUp(NotificationState.OPTED_OUT, "the number asked for no more calls");
        }
        if (!stillDue) {
            return new CallVerdict.GiveUp(NotificationState.CANCELLED, "the reason for the call has gone");
        }
        if (notification.attempts() >= maxAttempts) {
            return new CallVerdict.GiveUp(notification.lastOutcome().map(CallOutcome::state)
                    .orElse(NotificationState.EXPIRED), "all " + maxAttempts + " attempts were made");
        }
        Instant expires = notification.createdAt().plus(maxAge);
        List<Instant> calls = callsToNumber.stream().sorted().toList();
        Instant at = max(now, notification.nextAttemptAt());
        String why = at.equals(now) ? "" : "the next attempt is scheduled then";
        // Each rule can only push the moment later, and a later moment may break a rule met earlier (a new day
        // starts before calling hours); a few rounds reach the moment every rule allows.
        for (int round = 0; round < 8; round++) {
            Instant before = at;
            if (!calls.isEmpty() && at.isBefore(calls.get(calls.size() - 1).plus(spacing))) {
                at = calls.get(calls.size() - 1).plus(spacing);
                why = "attempts are spaced " + spacing.toMinutes() + " minutes apart";
            }
            Instant dayFree = afterDayLimit(calls, at);
            if (dayFree.isAfter(at)) {
                at = dayFree;
                why = "at most " + perDay + " call(s) a day to one number";
            }
            Instant weekFree = afterWeekLimit(calls, at);
            if (weekFree.isAfter(at)) {
                at = weekFree;
                why = "at most " + perWeek + " calls a week to one number";
            }
            Instant inHours = hours.earliestFrom(at, zone);
            if (inHours.isAfter(at)) {
                at = inHours;
                why = "calls are made between " + hours.from() + " and " + hours.until();
            }
            if (at.equals(before)) {
                break;
            }
        }
        if (!at.isBefore(expires)) {
            return new CallVerdict.GiveUp(notification.attempts() == 0 ? NotificationState.EXPIRED
                    : notification.lastOutcome().map(CallOutcome::state).orElse(NotificationState.EXPIRED),
                    "too old to call: queued more than " + maxAge.toDays() + " days ago");
        }
        return at.equals(now) ? new CallVerdict.CallNow() : new CallVerdict.WaitUntil(at, why);
    }

    /** The start of the calling hours of the first day from {@code at}'s on which fewer than perDay calls were made. */
    private Instant afterDayLimit(List<Instant> calls, Instant at) {
        LocalDate day = localDate(at);
        if (callsOn(calls, day, day) < perDay) {
            return at;
        }
        return hours.startOn(day.plusDays(1), zone);
    }

    /** The first moment from {@code at} on whose day the seven days up to it hold fewer than perWeek calls. */
    private Instant afterWeekLimit(List<Instant> calls, Instant at) {
        LocalDate day = localDate(at);
        for (int ahead = 0; ahead <= WEEK_DAYS; ahead++) {
            LocalDate candidate = day.plusDays(ahead);
            if (callsOn(calls, candidate.minusDays(WEEK_DAYS - 1), candidate) < perWeek) {
                return ahead == 0 ? at : hours.startOn(candidate, zone);
            }
        }
        throw new IllegalStateException("a week without calls always comes within " + WEEK_DAYS + " days");
    }

    private long callsOn(List<Instant> calls, LocalDate first, LocalDate last) {
        return calls.stream().map(this::localDate).filter(d -> !d.isBefore(first) && !d.isAfter(last)).count();
    }

    private LocalDate localDate(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
