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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the pharmacy is open, in its own time zone, written the way a shop door says it:
 * {@code "Mon-Fri 09:00-19:00; Sat 09:00-17:00"} (days not named are closed). Staff fill refills only while open, so
 * a promised ready time counts working time only.
 */
public final class OpeningHours {

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern RULE = Pattern.compile(
            "(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\\s+(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    /** Far enough to cross any sensible closure (a long holiday weekend), near enough to stop on a closed week. */
    private static final int MAX_DAYS_AHEAD = 14;

    private final String text;
    private final ZoneId zone;
    private final Map<DayOfWeek, Window> windows;

    private record Window(LocalTime opens, LocalTime closes) {
    }

    private OpeningHours(String text, ZoneId zone, Map<DayOfWeek, Window> windows) {
        this.text = text;
        this.zone = zone;
        this.windows = windows;
    }

    /**
     * Reads hours such as {@code "Mon-Fri 09:00-19:00; Sat 09:00-17:00"}.
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
            LocalTime closes = time(m.group(4), part);
            if (!opens.isBefore(closes) || to < from) {
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
        return new OpeningHours(text.strip(), zone, windows);
    }

    private static LocalTime time(String hhmm, String part) {
        try {
            return LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("opening hours: '" + hhmm + "' in '" + part.strip()
                    + "' is not a time of day", e);
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate today(Instant now) {
        return now.atZone(zone).toLocalDate();
    }

    /**
     * When work of {@code work} that starts at {@code from} is done, counting open hours only; empty when it would
     * take longer than two weeks of opening hours.
     */
    public Optional<Instant> after(Instant from, Duration work) {
        Duration left = work;
        ZonedDateTime at = from.atZone(zone);
        for (int day = 0; day <= MAX_DAYS_AHEAD; day++) {
            LocalDate date = at.toLocalDate();
            Window window = windows.get(date.getDayOfWeek());
            if (window != null) {
                ZonedDateTime opens = date.atTime(window.opens()).atZone(zone);
                ZonedDateTime closes = date.atTime(window.closes()).atZone(zone);
                ZonedDateTime start = at.isAfter(opens) ? at : opens;
                if (start.isBefore(closes)) {
                    Duration open = Duration.between(start, closes);
                    if (open.compareTo(left) >= 0) {
                        return Optional.of(start.plus(left).toInstant());
                    }
                    left = left.minus(open);
                }
            }
            at = date.plusDays(1).atStartOfDay(zone);
        }
        return Optional.empty();
    }

    /** Whether the pharmacy is open at {@code instant}. */
    public boolean isOpen(Instant instant) {
        ZonedDateTime at = instant.atZone(zone);
        Window window = windows.get(at.getDayOfWeek());
        LocalTime time = at.toLocalTime();
        return window != null && !time.isBefore(window.opens()) && time.isBefore(window.closes());
    }

    /** The days and hours, as configured; for the agent's briefing and the README. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        windows.forEach((day, window) -> lines.add(day.getDisplayName(TextStyle.SHORT, Locale.US)
                + " " + window.opens() + "-" + window.closes()));
        return lines;
    }

    @Override
    public String toString() {
        return text + " (" + zone + ")";
    }
}
