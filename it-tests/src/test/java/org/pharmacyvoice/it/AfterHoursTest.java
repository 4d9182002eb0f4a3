package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.FunctionCall;

/**
 * A pharmacy closed today and tomorrow for holidays: a call hears application.yaml's closed-hours greeting with the
 * day it opens again, the agent is told so, store_hours says it, and the incoming-call TwiML says the configured
 * notice before connecting. A test that runs across midnight accepts the words of either day.
 */
class AfterHoursTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final DateTimeFormatter SPOKEN_DATE = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);
    private static final String NOTICE = "Calls to Smith & Sons <Pharmacy> may be \"recorded\"; it's our policy.";
    private static final LocalDate FIRST_HOLIDAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    @BeforeAll
    static void openThePharmacyClosedForTheHolidays() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of(
                "pharmacy.time.zone", "UTC",
                "pharmacy.hours", "Mon-Sun 09:00-17:00",
                "pharmacy.holidays", FIRST_HOLIDAY + ", " + FIRST_HOLIDAY.plusDays(1),
                "call.notice", NOTICE));
    }

    @AfterAll
    static void closeThePharmacy() {
        pharmacy.close();
    }

    /** When it opens again, said on {@code day}: the day after the two holidays at 9 AM. */
    private static String reopensSaidOn(LocalDate day) {
        return day.equals(FIRST_HOLIDAY)
                ? "on " + FIRST_HOLIDAY.plusDays(2).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US) + " at 9 AM"
                : "tomorrow at 9 AM";
    }

    @Test
    void aCallOnAHolidayHearsTheClosedHoursGreetingAndTheAgentIsToldWhenItReopens() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        JsonObject settings;
        try (var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            settings = agent.settings();
            assertThat(agent.protocolViolations(), is(empty()));
        }
        LocalDate after = LocalDate.now(ZoneOffset.UTC);

        assertThat(settings.getJsonObject("agent").getString("greeting"), anyOf(greetingOn(before), greetingOn(after)));
        assertThat(settings.getJsonObject("agent").getJsonObject("think").getString("prompt"),
                anyOf(promptOn(before), promptOn(after)));
    }

    private static org.hamcrest.Matcher<String> greetingOn(LocalDate day) {
        return equalTo("Hello, you've reached the pharmacy. We're closed right now; we open again "
                + reopensSaidOn(day) + ". I can still help with refills and questions, or take a message for the "
                + "pharmacist.");
    }

    private static org.hamcrest.Matcher<String> promptOn(LocalDate day) {
        return equalTo(RunningPharmacy.PROMPT + "\n\nThe pharmacy is closed right now (today is a holiday) and opens "
                + "again " + reopensSaidOn(day) + ". Say so when it matters to the caller, for example to pick "
                + "something up or to speak with a pharmacist; refills asked for now are prepared once it opens.");
    }

    @Test
    void storeHoursTellsAnyCallerItIsAHolidayAndWhenItOpensAgain() {
        LocalDate before = LocalDate.now(ZoneOffset.UTC);
        JsonObject answer;
        try (var caller = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            caller.startCall(Map.of("From", "+15551234567"));
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            var hours = FunctionCall.of("store_hours", "{}");
            agent.requestFunctions(hours);
            answer = json(agent.awaitFunctionResponse(hours.id(), WAIT).getString("content"));
            assertThat(agent.protocolViolations(), is(empty()));
        }
        LocalDate after = LocalDate.now(ZoneOffset.UTC);

        assertThat(answer.getString("time_now"), matchesPattern("\\d{1,2}(:\\d\\d)? [AP]M|noon|midnight"));
        JsonObjectBuilder withoutTime = Json.createObjectBuilder(answer).remove("time_now");
        assertThat(withoutTime.build(), anyOf(equalTo(storeHoursOn(before)), equalTo(storeHoursOn(after))));
    }

    private static JsonObject storeHoursOn(LocalDate day) {
        var ahead = Json.createArrayBuilder();
        if (day.equals(FIRST_HOLIDAY)) {
            ahead.add(SPOKEN_DATE.format(FIRST_HOLIDAY.plusDays(1)));
        }
        return Json.createObjectBuilder()
                .add("today", SPOKEN_DATE.format(day))
                .add("today_hours", "closed for a holiday")
                .add("open_now", false)
                .add("closed_now_because", "holiday")
                .add("next_opening", reopensSaidOn(day))
                .add("weekly_hours", "every day, 9 AM to 5 PM")
                .add("holidays_ahead", ahead)
                .add("time_zone", "UTC")
                .build();
    }

    @Test
    void theIncomingCallWebhookSaysTheNoticeEscapedBeforeConnectingTheStream() throws Exception {
        var webhook = HttpRequest.newBuilder(pharmacy.http("/incoming-call"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("CallSid=CA77&From=%2B15551234567&To=%2B15550001111"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(webhook, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response>\n"
                + "  <Say>Calls to Smith &amp; Sons &lt;Pharmacy&gt; may be &quot;recorded&quot;; it&apos;s our "
                + "policy.</Say>\n"
                + "  <Connect action=\"/after-stream\" method=\"POST\">\n"
                + "    <Stream url=\"ws://127.0.0.1:" + pharmacy.server.port() + "/media-stream\">\n"
                + "      <Parameter name=\"From\" value=\"+15551234567\"/>\n"));
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
