package org.pharmacyvoice.domain.pharmacy;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pharmacy's hours as a caller asks about them at one moment ({@code now}, in the pharmacy's zone): today's
 * hours, whether it is open now and until when ({@code closes}), when it next opens (while open: after this
 * stretch), the holidays of the next four weeks after today, and the weekly hours.
 */
public record StoreHours(ZonedDateTime now, DayHours today, boolean openNow, Optional<ZonedDateTime> closes,
                         Optional<ZonedDateTime> nextOpening, List<LocalDate> holidaysAhead, OpeningHours hours) {

    /** Why the pharmacy is closed at a moment it is closed. */
    public enum Closure {
        /** Today is one of the holidays. */
        HOLIDAY("holiday"),
        /** The pharmacy never opens on this weekday. */
        CLOSED_DAY("closed_day"),
        /** Today's hours have not begun yet. */
        BEFORE_OPENING("before_opening"),
        /** Today's hours are over. */
        AFTER_CLOSING("after_closing");

        private final String code;

        Closure(String code) {
            this.code = code;
        }

        /** The word the agent and the call record read. */
        public String code() {
            return code;
        }
    }

    public StoreHours {
        Objects.requireNonNull(now, "'now' must not be null");
        Objects.requireNonNull(today, "'today' must not be null");
        Objects.requireNonNull(closes, "'closes' must not be null");
        Objects.requireNonNull(nextOpening, "'nextOpening' must not be null");
        holidaysAhead = List.copyOf(holidaysAhead);
        Objects.requireNonNull(hours, "'hours' must not be null");
    }

    /** Why it is closed now; empty while it is open. */
    public Optional<Closure> closure() {
        if (openNow) {
            return Optional.empty();
        }
        return Optional.of(switch (today) {
            case DayHours.Holiday holiday -> Closure.HOLIDAY;
            case DayHours.ClosedDay closed -> Closure.CLOSED_DAY;
            case DayHours.Open open -> now.isBefore(open.opens()) ? Closure.BEFORE_OPENING : Closure.AFTER_CLOSING;
        });
    }
}
