package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;

/** Which greeting a caller hears, and what the agent is told, by the pharmacy's hours at the moment of the call. */
class CallScriptTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String CLOSED = "We're closed right now; we open again {next_opening}. Leave a message?";
    private final OpeningHours hours = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", "2026-12-25",
            NEW_YORK);
    private final CallScript script = new CallScript("Be kind.\n", "Hello!", CLOSED, Optional.of(hours));

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(NEW_YORK).toInstant();
    }

    @Test
    void whileOpenTheCallerHearsTheUsualGreetingAndTheAgentTheUsualPrompt() {
        assertThat(script.forCallAt(at("2026-06-15T10:00")), equalTo(new CallScript.Words("Be kind.\n", "Hello!")));
        assertThat(script.forCallAt(at("2026-06-15T18:59:59")).greeting(), equalTo("Hello!"));
    }

    @Test
    void afterClosingTheCallerHearsTheClosedGreetingWithTheNextOpening() {
        CallScript.Words words = script.forCallAt(at("2026-06-15T19:00"));

        assertThat(words.greeting(), equalTo("We're closed right now; we open again tomorrow at 9 AM. Leave a message?"));
        assertThat(words.prompt(), equalTo("Be kind.\n\nThe pharmacy is closed right now (today's hours, 9 AM to 7 PM, "
                + "are over) and opens again tomorrow at 9 AM. Say so when it matters to the caller, for example to "
                + "pick something up or to speak with a pharmacist; refills asked for now are prepared once it opens."));
    }

    @Test
    void onAHolidayTheAgentIsToldWhyAndTheGreetingSkipsToTheDayAfter() {
        // Friday 2026-12-25 is a holiday; Saturday opens at 9.
        CallScript.Words words = script.forCallAt(at("2026-12-25T11:00"));

        assertThat(words.greeting(), equalTo("We're closed right now; we open again tomorrow at 9 AM. Leave a message?"));
        assertThat(words.prompt(), equalTo("Be kind.\n\nThe pharmacy is closed right now (today is a holiday) and "
                + "opens again tomorrow at 9 AM. Say so when it matters to the caller, for example to pick something "
                + "up or to speak with a pharmacist; refills asked for now are prepared once it opens."));
    }

    @Test
    void onSaturdayEveningTheNextOpeningIsMonday() {
        assertThat(script.forCallAt(at("2026-06-20T17:30")).greeting(),
                equalTo("We're closed right now; we open again on Monday at 9 AM. Leave a message?"));
    }

    @Test
    void withoutAClosedGreetingTheUsualOneIsSaidButTheAgentStillKnowsItIsClosed() {
        var plain = new CallScript("Be kind.", "Hello!", "", Optional.of(hours));

        CallScript.Words words = plain.forCallAt(at("2026-06-21T12:00"));

        assertThat(words.greeting(), equalTo("Hello!"));
        assertThat(words.prompt(), equalTo("Be kind.\n\nThe pharmacy is closed right now (it is closed on Sundays) "
                + "and opens again tomorrow at 9 AM. Say so when it matters to the caller, for example to pick "
                + "something up or to speak with a pharmacist; refills asked for now are prepared once it opens."));
    }

    @Test
    void aScriptWithoutHoursIsTheSameAtAnyHour() {
        var always = new CallScript("Be kind.", "Hello!");

        assertThat(always.forCallAt(at("2026-12-25T03:00")), equalTo(new CallScript.Words("Be kind.", "Hello!")));
    }

    @Test
    void anUnknownPlaceholderInTheClosedGreetingIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CallScript("p", "g", "We open {next_open}.", Optional.of(hours)));

        assertThat(e.getMessage(), equalTo("closed-hours greeting: unknown placeholder '{next_open}'; the only one is "
                + "{next_opening}"));
    }
}
