package org.pharmacyvoice.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import org.pharmacyvoice.adapters.functions.CallArchive;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.NewRenewalRequest;
import org.pharmacyvoice.domain.prescription.RenewalReason;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/**
 * Two of every record the staff API lists that the demo data has none of (orders, refills, renewal requests,
 * callbacks, calls), filed straight into a running server's database, so that every list answer has items for its
 * schema to bite on, with and without their optional fields. Fictional, as the demo patients are.
 */
final class StaffRecordsSeed {

    private StaffRecordsSeed() {
    }

    /** Files them through a second pool on the server's own H2 database (one process, one database). */
    static void file(String databaseUrl, long drugId, long patientId, String rxNumber, String prescriber) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (var database = PharmacyDatabase.open(new DatabaseSettings(databaseUrl, "sa", "", 2))) {
            for (int i = 1; i <= 2; i++) {
                database.orderLedger().add(new NewOrder("Ann Example", i == 1 ? Optional.of("+12025550107")
                        : Optional.empty(), drugId, i, new BigDecimal("14.00"), "", now, Optional.empty()));
                database.refillQueue().add(new NewRefill(rxNumber, patientId, now, now.plus(Duration.ofHours(2)),
                        Optional.empty()));
                database.renewalRequests().add(new NewRenewalRequest(rxNumber, patientId, prescriber,
                        RenewalReason.NO_REFILLS_LEFT, now, Optional.empty()));
                database.callbacks().add("CAseedcallback" + i, "+12025550107", "Asked when a refill will be ready.",
                        Callback.Reason.NOBODY_ANSWERED, i == 1 ? Optional.of("https://api.twilio.com/recordings/RE1")
                                : Optional.empty(), i == 1 ? 12 : 0, now);
            }
            var calls = CallArchive.in(database);
            calls.callStarted(new CallContext("CAseedended", "MZseedended", "+12025550107", "+15550001111"), now);
            calls.lineSpoken("CAseedended", new ConversationLine(Speaker.AGENT, "Hello, this is the pharmacy."), now);
            calls.lineSpoken("CAseedended", new ConversationLine(Speaker.CALLER, "When do you close today?"), now);
            calls.toolRan("CAseedended", new ToolCall("fc_seed", "store_hours", "{}", Optional.empty()),
                    ToolResult.success("open_now", true), Duration.ofMillis(7), now);
            calls.callEnded("CAseedended", CallEndReason.CALLER_HUNG_UP, now.plusSeconds(30));
            calls.statusReported("CAseedended", "completed", OptionalInt.of(31), now.plusSeconds(31));
            // Still going: no end, no status, no duration, and a caller who withheld the number.
            calls.callStarted(new CallContext("CAseedgoing", "MZseedgoing", "", "+15550001111"), now);
        }
    }
}
