package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.fakes.RecordingCallMetrics;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.Toolbox;

/** The switchboard briefs each call's agent by the pharmacy's hours at the moment the call is answered. */
class AfterHoursBriefingTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");
    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final CallScript script = new CallScript("Be kind.", "Hello!", "Closed; back {next_opening}.",
            Optional.of(OpeningHours.parse("Mon-Fri 09:00-19:00", "2027-01-01", NEW_YORK)));

    private AgentBriefing briefingOfACallAt(String local) throws InterruptedException {
        Instant now = LocalDateTime.parse(local).atZone(NEW_YORK).toInstant();
        try (var switchboard = new Switchboard(agent, new Toolbox(List.of()), script, new RecordingCallRecords(),
                new RecordingCallMetrics(), BridgeSettings.defaults(), Clock.fixed(now, NEW_YORK))) {
            switchboard.answer(CALL, new RecordingCallerLine());
            return agent.awaitConversation().briefing();
        }
    }

    @Test
    void aCallDuringOpeningHoursIsGreetedAsUsual() throws Exception {
        AgentBriefing briefing = briefingOfACallAt("2026-12-31T18:00");

        assertThat(briefing.greeting(), equalTo("Hello!"));
        assertThat(briefing.prompt(), equalTo("Be kind."));
    }

    @Test
    void aCallOnTheEveningBeforeAHolidayHearsTheClosedGreetingAndTheNextWorkingDay() throws Exception {
        // Thursday 2026-12-31 after closing; Friday is New Year's Day; the weekend is closed.
        AgentBriefing briefing = briefingOfACallAt("2026-12-31T19:30");

        assertThat(briefing.greeting(), equalTo("Closed; back on Monday at 9 AM."));
        assertThat(briefing.prompt(), startsWith("Be kind.\n\nThe pharmacy is closed right now (today's hours, 9 AM to "
                + "7 PM, are over) and opens again on Monday at 9 AM."));
    }
}
