package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.domain.notification.CallingHours;
import org.pharmacyvoice.domain.notification.CallingRules;
import org.pharmacyvoice.domain.outbound.RefillReminders;

/**
 * The OUTBOUND_* settings: off by default with the customary rules; on, they need the Twilio account, the pharmacy's
 * name and number and PUBLIC_URL; and every wrong value stops the server naming its setting and variable.
 */
class OutboundCallingSettingsTest {

    private static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    private static final String KEY = "SK" + "fedcba9876543210".repeat(2);
    private static final String AUTH_TOKEN = "twilio-auth-token-7c1d";
    private static final String KEY_SECRET = "twilio-key-secret-93be";

    /** Everything calls need, with the auth token as the credential. */
    private static Map<String, String> on() {
        var values = new HashMap<String, String>();
        values.put("outbound.calls", "true");
        values.put("public.url", "https://pharmacy.example.com");
        values.put("pharmacy.name", "Maple Pharmacy");
        values.put("outbound.from.number", "+15559870000");
        values.put("twilio.account.sid", ACCOUNT);
        values.put("twilio.auth.token", AUTH_TOKEN);
        return values;
    }

    private static Map<String, String> on(String key, String value) {
        var values = on();
        values.put(key, value);
        return values;
    }

    @Test
    void offByDefaultWithTheCustomaryRulesInThePharmacysZone() {
        OutboundCalling outbound = TestSettings.of(Map.of()).outbound();

        assertThat(outbound.enabled(), is(false));
        assertThat(outbound.line(), equalTo(Optional.empty()));
        assertThat(outbound.rules(), equalTo(CallingRules.customary(ZoneId.of("America/New_York"))));
        assertThat(outbound.dialInterval(), equalTo(Duration.ofSeconds(10)));
        assertThat(outbound.reminderDaysAhead(), equalTo(RefillReminders.DEFAULT_DAYS_AHEAD));
        assertThat(outbound.reminderInterval(), equalTo(Duration.ofHours(1)));
    }

    @Test
    void offNeedsNoTwilioAccountNameOrNumber() {
        OutboundCalling outbound = TestSettings.of(Map.of("outbound.calls", "FALSE", "pharmacy.name", "",
                "outbound.from.number", "not a number")).outbound();

        assertThat(outbound.enabled(), is(false));
    }

    @Test
    void onWithAnAuthTokenPlacesCallsFromThePharmacysNumberThroughTwilio() {
        ServerSettings settings = TestSettings.of(on("outbound.from.number", "(555) 987-0000"));
        OutboundCalling.Line line = settings.outbound().line().orElseThrow();

        assertThat(line.calls().pharmacyName(), is("Maple Pharmacy"));
        assertThat("written as staff write it, dialled as E.164", line.calls().callbackNumber(), is("+15559870000"));
        assertThat(line.calls().ringTimeout(), equalTo(Duration.ofSeconds(25)));
        assertThat(line.calls().retryLater(), equalTo(Duration.ofMinutes(5)));
        assertThat(line.calls().abandonedAfter(), equalTo(Duration.ofHours(1)));
        assertThat(line.twilio().accountSid(), is(ACCOUNT));
        assertThat(line.twilio().username(), is(ACCOUNT));
        assertThat(line.twilio().secret(), is(AUTH_TOKEN));
        assertThat(line.twilio().apiBase(), equalTo(URI.create("https://api.twilio.com")));
        assertThat("the request validation keeps its token", settings.twilio().authToken(),
                equalTo(Optional.of(AUTH_TOKEN)));
    }

    @Test
    void anApiKeyIsPreferredToTheAuthTokenAndNoSecretIsShown() {
        var values = on();
        values.put("twilio.api.key.sid", KEY);
        values.put("twilio.api.key.secret", KEY_SECRET);
        values.put("twilio.api.url", "http://127.0.0.1:9");
        ServerSettings settings = TestSettings.of(values);
        OutboundCalling.Line line = settings.outbound().line().orElseThrow();

        assertThat(line.twilio().username(), is(KEY));
        assertThat(line.twilio().secret(), is(KEY_SECRET));
        assertThat(line.twilio().apiBase(), equalTo(URI.create("http://127.0.0.1:9")));
        assertThat(settings.toString(), not(containsString(KEY_SECRET)));
        assertThat(settings.toString(), not(containsString(AUTH_TOKEN)));
        assertThat(settings.toString(), containsString("outbound=OutboundCalling[on, pharmacyName=Maple Pharmacy, "
                + "from=+15559870000, ring=25s, twilio=TwilioRestSettings[accountSid=" + ACCOUNT));
        assertThat(settings.toString(), containsString("hours=08:00-21:00, perDay=1, perWeek=3, maxAttempts=3, "
                + "spacing=2h, maxAge=7d, dialInterval=10s, reminderDaysAhead=3, reminderInterval=1h]"));
    }

    @Test
    void theRulesAndIntervalsAreReadWithTheirUnits() {
        var values = on();
        values.put("outbound.calling.hours", "9:30 - 20:00");
        values.put("outbound.per.day", "2");
        values.put("outbound.per.week", "5");
        values.put("outbound.max.attempts", "4");
        values.put("outbound.attempt.spacing", "90m");
        values.put("outbound.max.age.days", "3");
        values.put("outbound.ring.seconds", "40");
        values.put("outbound.dial.interval", "1.5s");
        values.put("outbound.retry.later", "PT30S");
        values.put("outbound.abandoned.after", "2h");
        values.put("reminder.days.ahead", "0");
        values.put("reminder.interval", "1d");
        values.put("pharmacy.time.zone", "America/Chicago");
        OutboundCalling outbound = TestSettings.of(values).outbound();

        assertThat(outbound.rules(), equalTo(new CallingRules(new CallingHours(LocalTime.of(9, 30),
                LocalTime.of(20, 0)), ZoneId.of("America/Chicago"), 2, 5, 4, Duration.ofMinutes(90),
                Duration.ofDays(3))));
        assertThat(outbound.dialInterval(), equalTo(Duration.ofMillis(1500)));
        assertThat(outbound.reminderDaysAhead(), is(0));
        assertThat(outbound.reminderInterval(), equalTo(Duration.ofDays(1)));
        OutboundCalling.Line line = outbound.line().orElseThrow();
        assertThat(line.calls().ringTimeout(), equalTo(Duration.ofSeconds(40)));
        assertThat(line.calls().retryLater(), equalTo(Duration.ofSeconds(30)));
        assertThat(line.calls().abandonedAfter(), equalTo(Duration.ofHours(2)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "outbound.calls|yes|setting 'outbound.calls' (OUTBOUND_CALLS): must be true or false, not 'yes'",
        "outbound.calling.hours|8-21|setting 'outbound.calling.hours' (OUTBOUND_CALLING_HOURS): write the calling "
            + "hours like 08:00-21:00, not '8-21'",
        "outbound.calling.hours|21:00-08:00|setting 'outbound.calling.hours' (OUTBOUND_CALLING_HOURS): calling hours "
            + "start before they end: 21:00-08:00",
        "outbound.calling.hours|08:00-24:00|setting 'outbound.calling.hours' (OUTBOUND_CALLING_HOURS): '08:00-24:00' "
            + "holds a time that does not exist; write the calling hours like 08:00-21:00",
        "outbound.per.day|0|setting 'outbound.per.day' (OUTBOUND_PER_DAY): must be a whole number from 1 to 24, not "
            + "'0'",
        "outbound.per.week|x|setting 'outbound.per.week' (OUTBOUND_PER_WEEK): must be a whole number from 1 to 168, "
            + "not 'x'",
        "outbound.max.attempts|0|setting 'outbound.max.attempts' (OUTBOUND_MAX_ATTEMPTS): must be a whole number "
            + "from 1 to 20, not '0'",
        "outbound.attempt.spacing|2 hours|setting 'outbound.attempt.spacing' (OUTBOUND_ATTEMPT_SPACING): write a "
            + "length of time with its unit, like 90s, 30m or 2h, not '2 hours'",
        "outbound.attempt.spacing|8d|setting 'outbound.attempt.spacing' (OUTBOUND_ATTEMPT_SPACING): must be from 0s "
            + "to 7d, not 8d",
        "outbound.max.age.days|0|setting 'outbound.max.age.days' (OUTBOUND_MAX_AGE_DAYS): must be a whole number "
            + "from 1 to 90, not '0'",
        "outbound.dial.interval|0s|setting 'outbound.dial.interval' (OUTBOUND_DIAL_INTERVAL): must be from 1s to 1h, "
            + "not 0s",
        "outbound.dial.interval|10|setting 'outbound.dial.interval' (OUTBOUND_DIAL_INTERVAL): write a length of time "
            + "with its unit, like 90s, 30m or 2h, not '10'",
        "reminder.days.ahead|-1|setting 'reminder.days.ahead' (REMINDER_DAYS_AHEAD): must be a whole number from 0 "
            + "to 60, not '-1'",
        "reminder.interval|PT2X|setting 'reminder.interval' (REMINDER_INTERVAL): can't read 'PT2X' as an ISO-8601 "
            + "duration",
        "reminder.interval|30s|setting 'reminder.interval' (REMINDER_INTERVAL): must be from 1m to 1d, not 30s"})
    void aWrongRuleStopsTheServerNamingItsSettingEvenWithCallsOff(String key, String value, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> TestSettings.of(Map.of(key, value)));

        assertThat(e.getMessage(), equalTo(message));
    }

    @Test
    void fewerCallsAWeekThanADayIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of(Map.of("outbound.per.day", "3", "outbound.per.week", "2")));

        assertThat(e.getMessage(), equalTo("setting 'outbound.per.week' (OUTBOUND_PER_WEEK): 2 calls a week is fewer "
                + "than OUTBOUND_PER_DAY (3) a day"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "pharmacy.name|' '|setting 'pharmacy.name' (PHARMACY_NAME): every call the pharmacy places names the "
            + "pharmacy; set it when OUTBOUND_CALLS=true",
        "outbound.from.number|''|setting 'outbound.from.number' (OUTBOUND_FROM_NUMBER): the pharmacy's number "
            + "(caller ID, and the number patients are asked to call back) must be set when OUTBOUND_CALLS=true, e.g. "
            + "+15551234567",
        "outbound.from.number|555-0000|setting 'outbound.from.number' (OUTBOUND_FROM_NUMBER): not a phone number: "
            + "write the pharmacy's Twilio number as +15551234567",
        "outbound.ring.seconds|601|setting 'outbound.ring.seconds' (OUTBOUND_RING_SECONDS): must be a whole number "
            + "from 5 to 600, not '601'",
        "outbound.retry.later|2d|setting 'outbound.retry.later' (OUTBOUND_RETRY_LATER): must be from 0s to 1d, not 2d",
        "outbound.abandoned.after|1m|setting 'outbound.abandoned.after' (OUTBOUND_ABANDONED_AFTER): must be from 5m "
            + "to 1d, not 1m",
        "twilio.account.sid|''|setting 'twilio.account.sid' (TWILIO_ACCOUNT_SID): the Twilio account (AC followed by "
            + "32 hex digits) must be set when OUTBOUND_CALLS=true",
        "twilio.account.sid|AC123|setting 'twilio.account.sid' (TWILIO_ACCOUNT_SID): TWILIO_ACCOUNT_SID must look "
            + "like AC followed by 32 hex digits",
        "twilio.auth.token|''|setting 'outbound.calls' (OUTBOUND_CALLS): placing calls needs Twilio credentials: "
            + "TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET, or TWILIO_AUTH_TOKEN",
        "twilio.api.key.sid|" + "SK0123456789abcdef0123456789abcdef" + "|setting 'twilio.api.key.secret' "
            + "(TWILIO_API_KEY_SECRET): an API key needs both TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET",
        "twilio.api.key.secret|s3cret|setting 'twilio.api.key.sid' (TWILIO_API_KEY_SID): an API key needs both "
            + "TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET",
        "twilio.api.url|ftp://api.twilio.com|setting 'twilio.api.url' (TWILIO_API_URL): the Twilio API base must be "
            + "an http(s) URL: ftp://api.twilio.com",
        "public.url|''|setting 'outbound.calls' (OUTBOUND_CALLS): calls the pharmacy places need PUBLIC_URL, the "
            + "https address where Twilio reaches this server for the calls' webhooks"})
    void withCallsOnAMissingOrWrongLineSettingStopsTheServerNamingIt(String key, String value, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> TestSettings.of(on(key, value)));

        assertThat(e.getMessage(), equalTo(message));
        assertThat("no secret in the message", e.getMessage(), not(containsString(AUTH_TOKEN)));
    }

    @Test
    void anApiKeyWithAWrongSidIsNamed() {
        var values = on("twilio.api.key.sid", "SK123");
        values.put("twilio.api.key.secret", KEY_SECRET);

        var e = assertThrows(IllegalArgumentException.class, () -> TestSettings.of(values));

        assertThat(e.getMessage(), equalTo("setting 'twilio.api.key.sid' (TWILIO_API_KEY_SID): the Twilio API key SID "
                + "must look like SK followed by 32 hex digits"));
        assertThat(e.getMessage(), not(containsString(KEY_SECRET)));
    }
}
