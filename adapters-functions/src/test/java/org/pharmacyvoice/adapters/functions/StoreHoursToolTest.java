package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.storefront.Storefront;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.Toolbox;

/** store_hours says the pharmacy's hours in its own zone, in words ready to be said, to any caller. */
class StoreHoursToolTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final CallContext CALLER = new CallContext("CA1", "MZ1", "+15551230001", "+15550009999");
    private static final String WEEK = "Monday to Friday, 9 AM to 7 PM; Saturday, 9 AM to 5 PM; closed on Sunday";

    private static StoreHoursTool toolAt(String local) {
        var hours = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00", "2026-12-25, 2027-01-01", NEW_YORK);
        return new StoreHoursTool(new Storefront(hours,
                Clock.fixed(LocalDateTime.parse(local).atZone(NEW_YORK).toInstant(), NEW_YORK)));
    }

    private static Map<String, Object> answerAt(String local) {
        ToolResult result = toolAt(local).execute(ToolArguments.of(),
                new ToolContext(CALLER, "fc_1", new CallerIdentity("CA1")));
        return ((ToolResult.Success) result).data();
    }

    @Test
    void onAHolidayItSaysWhyItIsClosedAndWhenItOpensAgain() {
        var expected = new LinkedHashMap<String, Object>();
        expected.put("today", "Friday, December 25");
        expected.put("time_now", "11:05 AM");
        expected.put("today_hours", "closed for a holiday");
        expected.put("open_now", false);
        expected.put("closed_now_because", "holiday");
        expected.put("next_opening", "tomorrow at 9 AM");
        expected.put("weekly_hours", WEEK);
        expected.put("holidays_ahead", List.of("Friday, January 1"));
        expected.put("time_zone", "America/New_York");

        assertThat(answerAt("2026-12-25T11:05:59"), equalTo(expected));
    }

    @Test
    void whileOpenItSaysUntilWhenAndWhenItOpensNext() {
        var expected = new LinkedHashMap<String, Object>();
        expected.put("today", "Wednesday, December 23");
        expected.put("time_now", "2:07 PM");
        expected.put("today_hours", "9 AM to 7 PM");
        expected.put("open_now", true);
        expected.put("open_until", "7 PM");
        expected.put("next_opening", "tomorrow at 9 AM");
        expected.put("weekly_hours", WEEK);
        expected.put("holidays_ahead", List.of("Friday, December 25", "Friday, January 1"));
        expected.put("time_zone", "America/New_York");

        assertThat(answerAt("2026-12-23T14:07"), equalTo(expected));
    }

    @Test
    void onSaturdayEveningItOpensAgainOnMondayBecauseSundayIsClosed() {
        Map<String, Object> answer = answerAt("2026-06-20T17:00");

        assertThat(answer.get("open_now"), is(false));
        assertThat(answer.get("closed_now_because"), is("after_closing"));
        assertThat(answer.get("today_hours"), is("9 AM to 5 PM"));
        assertThat(answer.get("next_opening"), is("on Monday at 9 AM"));
    }

    @Test
    void itTakesNoArgumentsAndAnUnverifiedCallerMayAsk() {
        var toolbox = new Toolbox(List.of(toolAt("2026-12-21T08:00")));

        ToolResult result = toolbox.run(ToolCall.of("fc_1", "store_hours", ToolArguments.of()), CALLER);
        ToolResult refused = toolbox.run(ToolCall.of("fc_2", "store_hours", ToolArguments.of("day", "monday")), CALLER);

        assertThat(((ToolResult.Success) result).data().get("closed_now_because"), is("before_opening"));
        assertThat(((ToolResult.Failure) refused).error(), is("The arguments for store_hours were not accepted: "
                + "day is not a parameter of store_hours."));
    }
}
