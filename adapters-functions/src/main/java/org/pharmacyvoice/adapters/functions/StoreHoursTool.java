package org.pharmacyvoice.adapters.functions;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import org.pharmacyvoice.domain.pharmacy.SpokenHours;
import org.pharmacyvoice.domain.pharmacy.StoreHours;
import org.pharmacyvoice.domain.storefront.port.in.StoreHoursUseCase;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * store_hours: when the pharmacy is open, in its own zone and in words ready to be said, so the agent never guesses.
 * Nothing in it is about a patient, so its call records keep the whole answer.
 */
final class StoreHoursTool implements BusinessTool {

    private static final ToolSpec SPEC = ToolSpec.of("store_hours",
            "Tell the caller when the pharmacy is open: today's hours, or that it is closed today and why (a "
                    + "holiday, or a day it never opens); whether it is open right now and until when; when it next "
                    + "opens; the hours of each day of the week; and the holidays of the next four weeks. Times are "
                    + "the pharmacy's local time, in words ready to be said. Use it for any question about opening "
                    + "hours or when something can be picked up; never guess them. No verification needed.");

    private final StoreHoursUseCase storefront;

    StoreHoursTool(StoreHoursUseCase storefront) {
        this.storefront = storefront;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        StoreHours hours = storefront.storeHours();
        LocalDate today = hours.today().date();
        var facts = new LinkedHashMap<String, Object>();
        facts.put("today", SpokenHours.date(today));
        facts.put("time_now", SpokenHours.time(hours.now().toLocalTime().truncatedTo(ChronoUnit.MINUTES)));
        facts.put("today_hours", SpokenHours.day(hours.today()));
        facts.put("open_now", hours.openNow());
        hours.closure().ifPresent(closure -> facts.put("closed_now_because", closure.code()));
        hours.closes().ifPresent(closes -> facts.put("open_until", SpokenHours.until(closes, today)));
        hours.nextOpening().ifPresent(opens -> facts.put("next_opening", SpokenHours.when(opens, today)));
        facts.put("weekly_hours", SpokenHours.week(hours.hours()));
        facts.put("holidays_ahead", hours.holidaysAhead().stream().map(SpokenHours::date).toList());
        facts.put("time_zone", hours.hours().zone().getId());
        return new ToolResult.Success(facts);
    }
}
