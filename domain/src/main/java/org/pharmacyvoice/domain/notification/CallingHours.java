package org.pharmacyvoice.domain.notification;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When patients may be called, in local time: from {@code from} (inclusive) until {@code until} (exclusive), every
 * day; 8:00 to 21:00 by default, as customary in the US. A call placed at 20:59 is allowed, one at 21:00 is not.
 */
public record CallingHours(LocalTime from, LocalTime until) {

    public static final CallingHours CUSTOMARY = new CallingHours(LocalTime.of(8, 0), LocalTime.of(21, 0));

    public CallingHours {
        Objects.requireNonNull(from, "'from' must not be null");
        Objects.requireNonNull(until, "'until' must not be null");
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("calling hours start before they end: " + from + "-" + until);
        }
    }

    /** Whether {@code at} is within the hours in {@code zone}. */
    public boolean allow(Instant at, ZoneId zone) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return !local.isBefore(from) && local.isBefore(until);
    }

    /** {@code at} if it is within the hours, else the next moment they start. */
    public Instant earliestFrom(Instant at, ZoneId zone) {
        if (allow(at, zone)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalTime().isBefore(from) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        return startOn(day, zone);
    }

    /** When the hours start on {@code day} (on a DST gap, the moment after it). */
    public Instant startOn(LocalDate day, ZoneId zone) {
        return day.atTime(from).atZone(zone).toInstant();
    }
}
