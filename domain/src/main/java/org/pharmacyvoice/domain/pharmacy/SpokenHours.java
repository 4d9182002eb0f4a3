package org.pharmacyvoice.domain.pharmacy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The pharmacy's hours in the words a caller hears well on the phone: "Monday to Friday, 9 AM to 7 PM",
 * "tomorrow at 9 AM". The greeting and the agent's tools say them the same way.
 */
public final class SpokenHours {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);
    /** Within a week a weekday names the day unambiguously; further away the date is said too. */
    private static final int DAYS_NAMED_BY_WEEKDAY = 6;

    private SpokenHours() {
    }

    /** "9 AM", "9:30 AM", "noon", "midnight". */
    public static String time(LocalTime time) {
        if (time.equals(LocalTime.MIDNIGHT)) {
            return "midnight";
        }
        if (time.equals(LocalTime.NOON)) {
            return "noon";
        }
        int hour = time.getHour() % 12 == 0 ? 12 : time.getHour() % 12;
        String halfOfDay = time.getHour() < 12 ? "AM" : "PM";
        return time.getMinute() == 0 ? hour + " " + halfOfDay
                : hour + ":" + String.format(Locale.ROOT, "%02d", time.getMinute()) + " " + halfOfDay;
    }

    /** "9 AM to 7 PM", "9 AM to midnight", "24 hours". */
    public static String hours(OpeningHours.Window window) {
        return window.allDay() ? "24 hours" : time(window.opens()) + " to " + time(window.closes());
    }

    /** One day's hours: "9 AM to 7 PM", "24 hours", "closed for a holiday", "closed on Sundays". */
    public static String day(DayHours day) {
        return switch (day) {
            case DayHours.Open open -> {
                boolean untilMidnight = open.closes().toLocalDate().isAfter(open.date());
                if (untilMidnight && open.opens().toLocalTime().equals(LocalTime.MIDNIGHT)) {
                    yield "24 hours";
                }
                yield time(open.opens().toLocalTime()) + " to "
                        + (untilMidnight ? "midnight" : time(open.closes().toLocalTime()));
            }
            case DayHours.Holiday holiday -> "closed for a holiday";
            case DayHours.ClosedDay closed -> "closed on " + plural(closed.date().getDayOfWeek());
        };
    }

    /** "Friday, December 25". */
    public static String date(LocalDate date) {
        return DATE.format(date);
    }

    /**
     * A moment said from {@code today}'s point of view: "today at 9 AM", "tomorrow at 9 AM", "on Monday at 9 AM",
     * "on Monday, January 5 at 9 AM" (more than six days ahead), "at midnight tonight".
     */
    public static String when(ZonedDateTime at, LocalDate today) {
        LocalDate date = at.toLocalDate();
        long days = ChronoUnit.DAYS.between(Objects.requireNonNull(today, "'today' must not be null"), date);
        String dayName = days > DAYS_NAMED_BY_WEEKDAY ? date(date) : name(date.getDayOfWeek());
        if (at.toLocalTime().equals(LocalTime.MIDNIGHT) && days > 0) {
            // "on Saturday at midnight" could be either end of Saturday.
            return days == 1 ? "at midnight tonight" : "at midnight as " + dayName + " begins";
        }
        String clock = time(at.toLocalTime());
        if (days == 0) {
            return "today at " + clock;
        }
        if (days == 1) {
            return "tomorrow at " + clock;
        }
        return "on " + dayName + " at " + clock;
    }

    /** Until when, said from {@code today}: "7 PM", "midnight", "tomorrow at noon". */
    public static String until(ZonedDateTime closes, LocalDate today) {
        if (closes.toLocalDate().equals(today)) {
            return time(closes.toLocalTime());
        }
        if (closes.toLocalDate().equals(today.plusDays(1)) && closes.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return "midnight";
        }
        return when(closes, today);
    }

    /**
     * The week: "Monday to Friday, 9 AM to 7 PM; Saturday, 9 AM to 5 PM; closed on Sunday", or "every day, 24 hours".
     * Neighbouring days with the same hours are said together.
     */
    public static String week(OpeningHours hours) {
        Map<DayOfWeek, OpeningHours.Window> week = hours.week();
        if (week.size() == DayOfWeek.values().length && week.values().stream().distinct().count() == 1) {
            return "every day, " + hours(week.get(DayOfWeek.MONDAY));
        }
        List<String> parts = new ArrayList<>();
        List<DayOfWeek> closed = new ArrayList<>();
        DayOfWeek runStart = null;
        for (DayOfWeek day : DayOfWeek.values()) {
            OpeningHours.Window window = week.get(day);
            if (window == null) {
                closed.add(day);
                continue;
            }
            if (runStart == null) {
                runStart = day;
            }
            boolean runEnds = day == DayOfWeek.SUNDAY || !window.equals(week.get(day.plus(1)));
            if (runEnds) {
                parts.add(days(runStart, day) + ", " + hours(window));
                runStart = null;
            }
        }
        if (!closed.isEmpty()) {
            parts.add("closed on " + list(closed.stream().map(SpokenHours::name).toList()));
        }
        return String.join("; ", parts);
    }

    /**
     * Why the pharmacy is closed at that moment, for the agent's instructions: "today is a holiday", "it is closed
     * on Sundays", "today's hours, 9 AM to 7 PM, are over"; empty while it is open.
     */
    public static String closure(StoreHours hours) {
        return hours.closure().map(closure -> switch (closure) {
            case HOLIDAY -> "today is a holiday";
            case CLOSED_DAY -> "it is closed on " + plural(hours.now().getDayOfWeek());
            case BEFORE_OPENING -> "today's hours, " + day(hours.today()) + ", have not begun yet";
            case AFTER_CLOSING -> "today's hours, " + day(hours.today()) + ", are over";
        }).orElse("");
    }

    private static String days(DayOfWeek first, DayOfWeek last) {
        if (first == last) {
            return name(first);
        }
        return name(first) + (first.plus(1) == last ? " and " : " to ") + name(last);
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.US);
    }

    private static String plural(DayOfWeek day) {
        return name(day) + "s";
    }

    /** "a", "a and b", "a, b and c". */
    private static String list(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}
