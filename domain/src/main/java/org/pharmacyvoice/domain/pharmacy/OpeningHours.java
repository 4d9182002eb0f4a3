package org.pharmacyvoice.domain.pharmacy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the pharmacy is open, in its own time zone, written the way a shop door says it:
 * {@code "Mon-Fri 09:00-19:00; Sat 09:00-17:00"} (days not named are closed; {@code 24:00} closes at midnight), plus
 * holidays, dates closed all day whatever their weekday's hours. Staff fill refills only while open, so a promised
 * ready time counts working time only.
 */
public final class OpeningHours {

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern RULE = Pattern.compile(
            "(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\\s+(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    /** Far enough to cross any sensible closure (a long holiday weekend), near enough to stop on a closed week. */
    private static final int MAX_DAYS_AHEAD = 14;
    /** How far the next opening is looked for: past any run of holidays a pharmacy would have. */
    private static final int MAX_DAYS_TO_NEXT_OPENING = 366;
    /** How far ahead a caller asking about the hours hears of holidays. */
    private static final int HOLIDAYS_AHEAD_DAYS = 28;

    private final String text;
    private final ZoneId zone;
    private final Map<DayOfWeek, Window> windows;
    private final NavigableSet<LocalDate> holidays;

    /**
     * One weekday's hours in local time; {@code closes} is {@link LocalTime#MIDNIGHT} when the day is open until
     * midnight ({@code 24:00}).
     */
    public record Window(LocalTime opens, LocalTime closes) {

        public Window {
            Objects.requireNonNull(opens, "'opens' must not be null");
            Objects.requireNonNull(closes, "'closes' must not be null");
            if (!opens.isBefore(closes) && !closes.equals(LocalTime.MIDNIGHT)) {
                throw new IllegalArgumentException("a window opens before it closes: " + opens + "-" + closes);
            }
        }

        /** Whether it stays open until the day ends. */
        public boolean untilMidnight() {
            return closes.equals(LocalTime.MIDNIGHT);
        }

        /** Whether it is the whole day, 00:00 to 24:00. */
        public boolean allDay() {
            return opens.equals(LocalTime.MIDNIGHT) && untilMidnight();
        }

        private ZonedDateTime opensOn(LocalDate date, ZoneId zone) {
            return date.atTime(opens).atZone(zone);
        }

        private ZonedDateTime closesOn(LocalDate date, ZoneId zone) {
            return untilMidnight() ? date.plusDays(1).atStartOfDay(zone) : date.atTime(closes).atZone(zone);
        }

        @Override
        public String toString() {
            return opens + "-" + (untilMidnight() ? "24:00" : closes.toString());
        }
    }

    private OpeningHours(String text, ZoneId zone, Map<DayOfWeek, Window> windows, NavigableSet<LocalDate> holidays) {
        this.text = text;
        this.zone = zone;
        this.windows = windows;
        this.holidays = holidays;
    }

    /**
     * Reads hours such as {@code "Mon-Fri 09:00-19:00; Sat 09:00-17:00"}, without holidays.
     *
     * @throws IllegalArgumentException naming the part that can't be read
     */
    public static OpeningHours parse(String text, ZoneId zone) {
        Objects.requireNonNull(zone, "'zone' must not be null");
        Map<DayOfWeek, Window> windows = new EnumMap<>(DayOfWeek.class);
        for (String part : Objects.requireNonNull(text, "'text' must not be null").split(";")) {
            String rule = part.strip().toLowerCase(Locale.ROOT);
            if (rule.isEmpty()) {
                continue;
            }
            Matcher m = RULE.matcher(rule);
            if (!m.matches()) {
                throw new IllegalArgumentException("opening hours: can't read '" + part.strip()
                        + "'; write e.g. 'Mon-Fri 09:00-19:00; Sat 09:00-17:00'");
            }
            int from = DAYS.indexOf(m.group(1));
            int to = m.group(2) == null ? from : DAYS.indexOf(m.group(2));
            LocalTime opens = time(m.group(3), part);
            // 24:00 (or 00:00) as a closing time is the end of the day.
            LocalTime closes = "24:00".equals(m.group(4)) ? LocalTime.MIDNIGHT : time(m.group(4), part);
            if ((!opens.isBefore(closes) && !closes.equals(LocalTime.MIDNIGHT)) || to < from) {
                throw new IllegalArgumentException("opening hours: '" + part.strip()
                        + "' must open before it closes, with days in week order");
            }
            for (int day = from; day <= to; day++) {
                if (windows.put(DayOfWeek.of(day + 1), new Window(opens, closes)) != null) {
                    throw new IllegalArgumentException("opening hours: " + DayOfWeek.of(day + 1) + " is named twice");
                }
            }
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("opening hours: the pharmacy must open on at least one day");
        }
        return new OpeningHours(text.strip(), zone, windows, Collections.emptyNavigableSet());
    }

    /**
     * Reads hours such as {@code "Mon-Fri 09:00-19:00; Sat 09:00-17:00"} and holidays such as
     * {@code "2026-12-25, 2027-01-01"} (ISO dates separated by commas or spaces; empty for none).
     *
     * @throws IllegalArgumentException naming the part that can't be read
     */
    public static OpeningHours parse(String text, String holidays, ZoneId zone) {
        return parse(text, zone).withHolidays(readHolidays(holidays));
    }

    private static LocalTime time(String hhmm, String part) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("opening hours: '" + hhmm + "' in '" + part.strip()
                    + "' is not a time of day", e);
        }
    }

    /**
     * Reads holidays such as {@code "2026-12-25, 2027-01-01"}: ISO dates separated by commas or spaces; empty for
     * none.
     *
     * @throws IllegalArgumentException naming the date that can't be read
     */
    public static NavigableSet<LocalDate> readHolidays(String text) {
        var dates = new TreeSet<LocalDate>();
        for (String part : Objects.requireNonNull(text, "'holidays' must not be null").split("[,;\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                dates.add(LocalDate.parse(part));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("pharmacy holidays: can't read '" + part + "' as a date; write "
                        + "dates like '2026-12-25, 2027-01-01'", e);
            }
        }
        return Collections.unmodifiableNavigableSet(dates);
    }

    /** The same hours, closed all day on {@code dates} as well. */
    public OpeningHours withHolidays(Collection<LocalDate> dates) {
        var all = new TreeSet<>(holidays);
        all.addAll(dates);
        return new OpeningHours(text, zone, windows, Collections.unmodifiableNavigableSet(all));
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }

    /** The hours of every weekday the pharmacy opens on, Monday first. */
    public Map<DayOfWeek, Window> week() {
        return Collections.unmodifiableMap(new EnumMap<>(windows));
    }

    /** The holidays, in date order. */
    public NavigableSet<LocalDate> holidays() {
        return holidays;
    }

    /** The hours of {@code date}: a holiday closes it whatever its weekday's hours. */
    public DayHours on(LocalDate date) {
        if (holidays.contains(date)) {
            return new DayHours.Holiday(date);
        }
        Window window = windows.get(date.getDayOfWeek());
        if (window == null) {
            return new DayHours.ClosedDay(date);
        }
        return new DayHours.Open(date, window.opensOn(date, zone), window.closesOn(date, zone));
    }

    /**
     * When work of {@code work} that starts at {@code from} is done, counting open hours only (holidays are not);
     * empty when it would take longer than two weeks of opening hours.
     */
    public Optional<Instant> after(Instant from, Duration work) {
        Duration left = work;
        ZonedDateTime at = from.atZone(zone);
        for (int day = 0; day <= MAX_DAYS_AHEAD; day++) {
            LocalDate date = at.toLocalDate();
            if (on(date) instanceof DayHours.Open open) {
                ZonedDateTime start = at.isAfter(open.opens()) ? at : open.opens();
                if (start.isBefore(open.closes())) {
                    Duration available = Duration.between(start, open.closes());
                    if (available.compareTo(left) >= 0) {
                        return Optional.of(start.plus(left).toInstant());
                    }
                    left = left.minus(available);
                }
            }
            at = date.plusDays(1).atStartOfDay(zone);
        }
        return Optional.empty();
    }

    /** Whether the pharmacy is open at {@code instant} (never on a holiday). */
    public boolean isOpen(Instant instant) {
        return on(today(instant)) instanceof DayHours.Open open
                && !instant.isBefore(open.opens().toInstant()) && instant.isBefore(open.closes().toInstant());
    }

    /**
     * When the pharmacy next opens its doors after {@code from}: while it is open, the opening after this stretch of
     * hours. Empty when it never closes (open around the clock, no holidays) or stays closed for a year.
     */
    public Optional<ZonedDateTime> nextOpening(Instant from) {
        LocalDate date = today(from);
        for (int day = 0; day <= MAX_DAYS_TO_NEXT_OPENING; day++, date = date.plusDays(1)) {
            if (on(date) instanceof DayHours.Open open && open.opens().toInstant().isAfter(from)
                    && !isOpen(open.opens().toInstant().minusNanos(1))) {
                return Optional.of(open.opens());
            }
        }
        return Optional.empty();
    }

    /**
     * When the stretch of opening hours that {@code at} falls in ends: usually today's closing time, later when the
     * next day opens at midnight as this one closes. Empty when it is closed at {@code at}, or never closes.
     */
    public Optional<ZonedDateTime> closing(Instant at) {
        if (!(on(today(at)) instanceof DayHours.Open today) || !isOpen(at)) {
            return Optional.empty();
        }
        ZonedDateTime closes = today.closes();
        for (int day = 0; day < MAX_DAYS_TO_NEXT_OPENING; day++) {
            if (!(on(closes.toLocalDate()) instanceof DayHours.Open next)
                    || !next.opens().toInstant().equals(closes.toInstant())) {
                return Optional.of(closes);
            }
            closes = next.closes();
        }
        return Optional.empty();
    }

    /** The hours as a caller asks about them at {@code now}: today, open or not, until when, when next. */
    public StoreHours at(Instant now) {
        LocalDate today = today(now);
        var ahead = new ArrayList<>(holidays.subSet(today, false, today.plusDays(HOLIDAYS_AHEAD_DAYS), true));
        return new StoreHours(now.atZone(zone), on(today), isOpen(now), closing(now), nextOpening(now), ahead, this);
    }

    /** The days and hours, as configured; for the agent's briefing and the README. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        windows.forEach((day, window) -> lines.add(day.getDisplayName(TextStyle.SHORT, Locale.US) + " " + window));
        return lines;
    }

    @Override
    public String toString() {
        return text + (holidays.isEmpty() ? "" : ", holidays " + holidays) + " (" + zone + ")";
    }
}
