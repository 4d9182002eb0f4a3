package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.adapters.twilio.CallNotice;
import org.pharmacyvoice.adapters.twilio.TwilioSettings;
import org.pharmacyvoice.domain.call.AgentPhrases;
import org.pharmacyvoice.domain.call.BridgeSettings;
import org.pharmacyvoice.domain.frontdesk.FrontDeskSettings;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillRules;

/**
 * application.yaml is where the server's defaults live; the settings records' own {@code defaults()} (for tests and
 * for embedding the domain or an adapter elsewhere) must say the same, so they can never drift apart.
 */
class SettingsDefaultsTest {

    private final ServerSettings fromYaml = TestSettings.of(Map.of());

    @Test
    void theBridgeDefaultsAreTheYamls() {
        assertThat(fromYaml.bridge(), equalTo(BridgeSettings.defaults()));
        assertThat(fromYaml.bridge().keypadPause(), equalTo(Duration.ofSeconds(3)));
    }

    @Test
    void theKeypadPauseIsReadInSeconds() {
        assertThat(TestSettings.of(Map.of("keypad.pause", "1.5")).bridge().keypadPause(),
                equalTo(Duration.ofMillis(1500)));
    }

    @Test
    void theIdleCallerAndFillerDefaultsAreTheYamls() {
        assertThat(fromYaml.bridge().callerIdleTimeout(), equalTo(Duration.ofSeconds(10)));
        assertThat(fromYaml.bridge().toolFillerDelay(), equalTo(Duration.ofSeconds(1)));
        assertThat(fromYaml.bridge().phrases(), equalTo(new AgentPhrases("Are you still there?",
                "I haven't heard from you, so I'll end the call now. Please call again any time. Goodbye.",
                "One moment while I look that up.")));
    }

    @Test
    void theIdleCallerAndFillerSettingsAreReadAndZeroTurnsThemOff() {
        var settings = TestSettings.of(Map.of("caller.idle.timeout", "0", "tool.filler.delay", "0.5",
                "agent.idle.prompt", "¿Sigue ahí?", "agent.idle.goodbye", "Adiós.",
                "tool.filler.message", "Un momento, por favor."));

        assertThat(settings.bridge().callerIdleTimeout(), equalTo(Duration.ZERO));
        assertThat(settings.bridge().toolFillerDelay(), equalTo(Duration.ofMillis(500)));
        assertThat(settings.bridge().phrases(), equalTo(new AgentPhrases("¿Sigue ahí?", "Adiós.",
                "Un momento, por favor.")));
        assertThat(TestSettings.of(Map.of("tool.filler.delay", "0")).bridge().toolFillerDelay(),
                equalTo(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TestSettings.of(Map.of("caller.idle.timeout", "0.5")));
        assertThrows(IllegalArgumentException.class, () -> TestSettings.of(Map.of("agent.idle.prompt", " ")));
    }

    @Test
    void theDeepgramDefaultsAreTheYamls() {
        assertThat(fromYaml.deepgram(), equalTo(DeepgramSettings.defaults("")));
    }

    @Test
    void theTwilioDefaultsAreTheYamls() {
        assertThat(fromYaml.twilio(), equalTo(TwilioSettings.defaults(fromYaml.publicUrl())));
        assertThat(fromYaml.streamTokenLifetime(), equalTo(TwilioSettings.DEFAULT_STREAM_TOKEN_LIFETIME));
        assertThat(fromYaml.deepgram().writeTimeout(), equalTo(TwilioSettings.DEFAULT_WRITE_TIMEOUT));
    }

    @Test
    void theServersOwnDefaults() {
        assertThat(fromYaml.port(), equalTo(8080));
        assertThat(fromYaml.drainTimeout(), equalTo(Duration.ofSeconds(30)));
        assertThat(fromYaml.callRecordRetention(), equalTo(Duration.ofDays(90)));
        assertThat(fromYaml.database().url(), equalTo("jdbc:h2:file:./data/pharmacy"));
        assertThat(fromYaml.database().maxPoolSize(), equalTo(10));
    }

    @Test
    void theFrontDeskDefaultsAreTheYamls() {
        assertThat(fromYaml.frontDesk(), equalTo(FrontDeskSettings.defaults(Optional.empty())));
        assertThat(TestSettings.of(Map.of("pharmacist.number", "+15559990000")).frontDesk().pharmacistNumber(),
                equalTo(Optional.of("+15559990000")));
    }

    @Test
    void theRefillDefaultsAreTheDomainsStandardRulesInNewYorkShopHours() {
        var policy = fromYaml.refillPolicy();
        assertThat(policy.rules(), equalTo(RefillRules.standard()));
        assertThat(policy.preparationTime(), equalTo(Duration.ofHours(2)));
        assertThat(policy.hours().zone(), equalTo(ZoneId.of("America/New_York")));
        assertThat(policy.hours().describe(), equalTo(OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00",
                ZoneId.of("America/New_York")).describe()));
        assertThat(fromYaml.demoData(), equalTo(Optional.empty()));
    }

    @Test
    void refillSettingsAndDemoDataAreReadAndABadOneStopsTheServerWithItsName() {
        var settings = TestSettings.of(Map.of("refill.preparation.hours", "0.5", "refill.too.soon.share", "0.8",
                "prescription.validity.months", "6", "pharmacy.time.zone", "Europe/Rome", "demo.data", "FALSE"));
        assertThat(settings.refillPolicy().preparationTime(), equalTo(Duration.ofMinutes(30)));
        assertThat(settings.refillPolicy().rules(), equalTo(new RefillRules(Period.ofMonths(6), 0.8)));
        assertThat(settings.refillPolicy().hours().zone(), equalTo(ZoneId.of("Europe/Rome")));
        assertThat(settings.demoData(), equalTo(Optional.of(false)));

        var wrong = assertThrows(IllegalStateException.class, () -> TestSettings.of(Map.of("demo.data", "yes")));
        assertThat(wrong.getMessage(), containsString("DEMO_DATA"));
        assertThrows(IllegalArgumentException.class, () -> TestSettings.of(Map.of("pharmacy.hours", "Mon 9-5")));
    }

    @Test
    void byDefaultThereAreNoHolidaysNoCallNoticeAndAClosedHoursGreetingThatSaysWhenItOpens() {
        assertThat(fromYaml.refillPolicy().hours().holidays(), empty());
        assertThat(fromYaml.callNotice(), equalTo(CallNotice.NONE));
        assertThat(fromYaml.script().hours(), equalTo(Optional.of(fromYaml.refillPolicy().hours())));
        assertThat(fromYaml.script().closedGreeting(), equalTo("Hello, you've reached the pharmacy. We're closed right "
                + "now; we open again {next_opening}. I can still help with refills and questions, or take a message "
                + "for the pharmacist."));
    }

    @Test
    void holidaysTheClosedHoursGreetingAndTheCallNoticeAreRead() {
        var settings = TestSettings.of(Map.of("pharmacy.holidays", "2026-12-25, 2027-01-01",
                "agent.closed.greeting", "Closed; back {next_opening}.", "call.notice", "Calls are recorded."));

        assertThat(settings.refillPolicy().hours().holidays(),
                contains(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01")));
        assertThat(settings.script().hours().orElseThrow().holidays(), equalTo(settings.refillPolicy().hours().holidays()));
        assertThat(settings.script().closedGreeting(), equalTo("Closed; back {next_opening}."));
        assertThat(settings.callNotice(), equalTo(new CallNotice("Calls are recorded.")));
        assertThat(settings.toString(), containsString("holidays [2026-12-25, 2027-01-01]"));
        assertThat(settings.toString(), containsString("callNotice=set"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pharmacy.holidays|2026-12-32|setting 'pharmacy.holidays' (PHARMACY_HOLIDAYS): pharmacy holidays: can't read "
            + "'2026-12-32' as a date; write dates like '2026-12-25, 2027-01-01'",
        "pharmacy.time.zone|Mars/Olympus|setting 'pharmacy.time.zone' (PHARMACY_TIME_ZONE): Unknown time-zone ID: "
            + "Mars/Olympus",
        "pharmacy.hours|Mon 9-5|setting 'pharmacy.hours' (PHARMACY_HOURS): opening hours: can't read 'Mon 9-5'; write "
            + "e.g. 'Mon-Fri 09:00-19:00; Sat 09:00-17:00'",
        "agent.closed.greeting|We open {when}.|setting 'agent.closed.greeting' (AGENT_CLOSED_GREETING): closed-hours "
            + "greeting: unknown placeholder '{when}'; the only one is {next_opening}"})
    void aBadHoursOrGreetingSettingStopsTheServerNamingItAndItsVariable(String key, String value, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> TestSettings.of(Map.of(key, value)));

        assertThat(e.getMessage(), equalTo(message));
    }

    @Test
    void aCallNoticeTooLongToSayStopsTheServerNamingIt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TestSettings.of(Map.of("call.notice", "x".repeat(1001))));

        assertThat(e.getMessage(), equalTo("setting 'call.notice' (CALL_NOTICE): the call notice is 1001 characters "
                + "long; keep it to 1000 (a sentence or two)"));
    }

    @Test
    void aSettingMissingFromTheConfigurationStopsTheServerWithItsName() {
        Config withoutYaml = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of("port", "0")))
                .build();

        var missing = assertThrows(IllegalStateException.class, () -> ServerSettings.from(withoutYaml));

        assertThat(missing.getMessage(), containsString("setting 'deepgram.agent.url' is missing"));
    }
}
