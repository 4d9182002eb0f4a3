package org.pharmacyvoice.app;

import io.helidon.config.Config;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pharmacyvoice.adapters.twilio.TwilioRestSettings;
import org.pharmacyvoice.domain.notification.CallingHours;
import org.pharmacyvoice.domain.notification.CallingRules;
import org.pharmacyvoice.domain.notification.DialNumber;
import org.pharmacyvoice.domain.outbound.OutboundSettings;

/**
 * How the pharmacy calls its patients (ready-for-pickup calls, refill reminders), read from the {@code OUTBOUND_*}
 * settings: the calling rules, which hold whether or not calls are placed (staff see the queue either way), and, when
 * {@code OUTBOUND_CALLS=true}, the {@link Line} they are placed on. Every value is checked at start, and a wrong one
 * stops the server naming its setting, so that a pharmacy never learns of a typo from a patient called at 3 AM.
 *
 * <p>{@link #toString()} shows no secret (the Twilio settings hide theirs).
 *
 * @param rules             calling hours, limits per number, attempts and their spacing, in the pharmacy's zone
 * @param dialInterval      how often this server places the calls that are due
 * @param reminderDaysAhead how many days before a fill runs out its refill reminder is queued
 * @param reminderInterval  how often the prescriptions running out are looked for
 * @param line              what calls are placed with; empty when outbound calls are off
 */
record OutboundCalling(CallingRules rules, Duration dialInterval, int reminderDaysAhead, Duration reminderInterval,
                       Optional<Line> line) {

    /**
     * What placed calls need: what they say and from which number ({@code calls}), and the Twilio account they are
     * placed through ({@code twilio}).
     */
    record Line(OutboundSettings calls, TwilioRestSettings twilio) {
        Line {
            Objects.requireNonNull(calls, "'calls' must not be null");
            Objects.requireNonNull(twilio, "'twilio' must not be null");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
    /** How soon a call the network could not take is tried again (the calling rules still apply then). */
    static final String RETRY_LATER = "outbound.retry.later";
    /** After how long a call with no word from the network counts as failed (a server stopped mid-call). */
    static final String ABANDONED_AFTER = "outbound.abandoned.after";

    OutboundCalling {
        Objects.requireNonNull(rules, "'rules' must not be null");
        Objects.requireNonNull(dialInterval, "'dialInterval' must not be null");
        Objects.requireNonNull(reminderInterval, "'reminderInterval' must not be null");
        Objects.requireNonNull(line, "'line' must not be null");
    }

    /** Whether this server places calls (OUTBOUND_CALLS=true). */
    boolean enabled() {
        return line.isPresent();
    }

    /**
     * Reads the settings; with calls on, the Twilio account, the pharmacy's name and number and the public URL
     * (where Twilio fetches the calls' webhooks) must all be set.
     */
    static OutboundCalling from(Config config, ZoneId zone, Optional<URI> publicUrl, Optional<String> authToken) {
        CallingHours hours = ServerSettings.checked(config, "outbound.calling.hours", OutboundCalling::callingHours);
        int perDay = wholeNumber(config, "outbound.per.day", 1, 24);
        int perWeek = wholeNumber(config, "outbound.per.week", 1, 7 * 24);
        if (perWeek < perDay) {
            throw invalid("outbound.per.week", perWeek + " calls a week is fewer than OUTBOUND_PER_DAY (" + perDay
                    + ") a day");
        }
        int maxAttempts = wholeNumber(config, "outbound.max.attempts", 1, 20);
        Duration spacing = duration(config, "outbound.attempt.spacing", Duration.ZERO, Duration.ofDays(7));
        int maxAgeDays = wholeNumber(config, "outbound.max.age.days", 1, 90);
        var rules = new CallingRules(hours, zone, perDay, perWeek, maxAttempts, spacing, Duration.ofDays(maxAgeDays));
        Duration dialInterval = duration(config, "outbound.dial.interval", Duration.ofSeconds(1), Duration.ofHours(1));
        int daysAhead = wholeNumber(config, "reminder.days.ahead", 0, 60);
        Duration reminderInterval = duration(config, "reminder.interval", Duration.ofMinutes(1), Duration.ofDays(1));
        Optional<Line> line = enabled(config) ? Optional.of(line(config, publicUrl, authToken)) : Optional.empty();
        return new OutboundCalling(rules, dialInterval, daysAhead, reminderInterval, line);
    }

    private static boolean enabled(Config config) {
        String value = ServerSettings.text(config, "outbound.calls");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("outbound.calls", "must be true or false, not '" + value + "'");
        };
    }

    private static Line line(Config config, Optional<URI> publicUrl, Optional<String> authToken) {
        if (publicUrl.isEmpty()) {
            throw new IllegalArgumentException("setting 'outbound.calls' (OUTBOUND_CALLS): calls the pharmacy places "
                    + "need PUBLIC_URL, the https address where Twilio reaches this server for the calls' webhooks");
        }
        String name = optional(config, "pharmacy.name").orElseThrow(() -> invalid("pharmacy.name",
                "every call the pharmacy places names the pharmacy; set it when OUTBOUND_CALLS=true"));
        String written = optional(config, "outbound.from.number").orElseThrow(() -> invalid("outbound.from.number",
                "the pharmacy's number (caller ID, and the number patients are asked to call back) must be set when "
                        + "OUTBOUND_CALLS=true, e.g. +15551234567"));
        String from = DialNumber.of(written).orElseThrow(() -> invalid("outbound.from.number",
                "not a phone number: write the pharmacy's Twilio number as +15551234567"));
        int ringSeconds = wholeNumber(config, "outbound.ring.seconds", 5, 600);
        OutboundSettings calls = new OutboundSettings(name, from, Duration.ofSeconds(ringSeconds),
                duration(config, RETRY_LATER, Duration.ZERO, Duration.ofDays(1)),
                duration(config, ABANDONED_AFTER, Duration.ofMinutes(5), Duration.ofDays(1)));
        return new Line(calls, twilio(config, authToken));
    }

    /** The Twilio account to place calls through: its API key when both halves are set, else its auth token. */
    private static TwilioRestSettings twilio(Config config, Optional<String> authToken) {
        String account = optional(config, "twilio.account.sid").orElseThrow(() -> invalid("twilio.account.sid",
                "the Twilio account (AC followed by 32 hex digits) must be set when OUTBOUND_CALLS=true"));
        Optional<String> keySid = optional(config, "twilio.api.key.sid");
        Optional<String> keySecret = optional(config, "twilio.api.key.secret");
        if (keySid.isPresent() != keySecret.isPresent()) {
            throw invalid(keySid.isPresent() ? "twilio.api.key.secret" : "twilio.api.key.sid",
                    "an API key needs both TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET");
        }
        if (keySid.isEmpty() && authToken.isEmpty()) {
            throw new IllegalArgumentException("setting 'outbound.calls' (OUTBOUND_CALLS): placing calls needs "
                    + "Twilio credentials: TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET, or TWILIO_AUTH_TOKEN");
        }
        TwilioRestSettings settings;
        try {
            settings = keySid.isPresent()
                    ? TwilioRestSettings.withApiKey(account, keySid.get(), keySecret.get())
                    : TwilioRestSettings.withAuthToken(account, authToken.get());
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("TWILIO_ACCOUNT_SID") ? "twilio.account.sid" : "twilio.api.key.sid";
            throw invalid(key, e.getMessage());
        }
        URI api = ServerSettings.checked(config, "twilio.api.url", URI::create);
        try {
            return settings.withApiBase(api);
        } catch (IllegalArgumentException e) {
            throw invalid("twilio.api.url", e.getMessage());
        }
    }

    /** "08:00-21:00": from (inclusive) until (exclusive), every day, in the pharmacy's zone. */
    static CallingHours callingHours(String text) {
        Matcher matcher = HOURS.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("write the calling hours like 08:00-21:00, not '" + text + "'");
        }
        try {
            return new CallingHours(LocalTime.parse(pad(matcher.group(1))), LocalTime.parse(pad(matcher.group(2))));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' holds a time that does not exist; write the calling "
                    + "hours like 08:00-21:00");
        }
    }

    /** A length of time with its unit ("90s", "30m", "2h", "1.5h", "1d"), or in ISO-8601 ("PT2H"). */
    static Duration parseDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("can't read '" + text + "' as an ISO-8601 duration");
            }
        }
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("write a length of time with its unit, like 90s, 30m or 2h, not '"
                    + text + "'");
        }
        double amount = Double.parseDouble(matcher.group(1));
        long millisPerUnit = switch (matcher.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Duration.ofMillis(Math.round(amount * millisPerUnit));
    }

    private static Duration duration(Config config, String key, Duration min, Duration max) {
        Duration value = ServerSettings.checked(config, key, OutboundCalling::parseDuration);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(key, "must be from " + describe(min) + " to " + describe(max) + ", not "
                    + describe(value));
        }
        return value;
    }

    private static int wholeNumber(Config config, String key, int min, int max) {
        String text = ServerSettings.text(config, key);
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // same answer as for a number out of range
        }
        throw invalid(key, "must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    private static Optional<String> optional(Config config, String key) {
        return config.get(key).asString().asOptional().map(String::strip).filter(value -> !value.isEmpty());
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("setting '" + key + "' (" + ServerSettings.variable(key) + "): "
                + problem);
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    private static String describe(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.toMillis() % 86_400_000 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toMillis() % 3_600_000 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + "m";
        }
        return duration.toMillis() % 1_000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return "OutboundCalling[" + (line.isEmpty() ? "off" : "on, pharmacyName=" + line.get().calls().pharmacyName()
                + ", from=" + line.get().calls().callbackNumber() + ", ring=" + line.get().calls().ringTimeout()
                        .toSeconds() + "s, twilio=" + line.get().twilio())
                + ", hours=" + rules.hours().from() + "-" + rules.hours().until() + ", perDay=" + rules.perDay()
                + ", perWeek=" + rules.perWeek() + ", maxAttempts=" + rules.maxAttempts() + ", spacing="
                + describe(rules.spacing()) + ", maxAge=" + rules.maxAge().toDays() + "d, dialInterval="
                + describe(dialInterval) + ", reminderDaysAhead=" + reminderDaysAhead + ", reminderInterval="
                + describe(reminderInterval) + "]";
    }
}
