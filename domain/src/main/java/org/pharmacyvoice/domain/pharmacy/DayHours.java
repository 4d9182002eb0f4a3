package org.pharmacyvoice.domain.pharmacy;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;

/** One date at the pharmacy: open from one time to another, or closed all day, and why. */
public sealed interface DayHours {

    LocalDate date();

    /**
     * Open from {@code opens} until {@code closes} (exclusive; the next day's start when it is open until midnight),
     * both in the pharmacy's zone on that date, so a clock change that day is already counted.
     */
    record Open(LocalDate date, ZonedDateTime opens, ZonedDateTime closes) implements DayHours {
        public Open {
            Objects.requireNonNull(date, "'date' must not be null");
            if (!Objects.requireNonNull(opens, "'opens' must not be null")
                    .isBefore(Objects.requireNonNull(closes, "'closes' must not be null"))) {
                throw new IllegalArgumentException("a day opens before it closes: " + opens + ", " + closes);
            }
        }
    }

    /** One of the pharmacy's holidays: closed all day, whatever the weekday's hours say. */
    record Holiday(LocalDate date) implements DayHours {
        public Holiday {
            Objects.requireNonNull(date, "'date' must not be null");
        }
    }

    /** A weekday the pharmacy never opens on (e.g. Sunday). */
    record ClosedDay(LocalDate date) implements DayHours {
        public ClosedDay {
            Objects.requireNonNull(date, "'date' must not be null");
        }
    }
}
