package org.pharmacyvoice.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.pharmacyvoice.adapters.functions.CallArchive;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
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
 * Records of every kind the staff API lists that the demo data has none of (orders, refills, renewal requests,
 * callbacks, calls, the calls the pharmacy owes and the numbers it no longer calls), filed straight into a running
 * server's database, so that every list answer has items for its schema to bite on, with and without their optional
 * fields, and every change has a record it takes and one it refuses. Fictional, as the demo patients are.
 */
final class StaffRecordsSeed {

    /** Numbers on the opt-out list; no notification is to them, so listing them ended none. */
    static final List<String> OPTED_OUT = List.of("+12025550181", "+12025550182");

    /** What the seed needs of the demo data: a drug, and a patient with a number and a prescription. */
    record Demo(long drugId, long patientId, String patientPhone, String rxNumber, String prescriber) {
    }

    /** The records filed, by id, for tests that need one of them. */
    record Filed(List<Long> orders, List<Long> refills) {
    }

    private StaffRecordsSeed() {
    }

    /** Files them all through a second pool on the server's own H2 database (one process, one database). */
    static void file(String databaseUrl, Demo demo) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (var database = open(databaseUrl)) {
            Filed filed = ordersAndRefills(database, demo, now);
            for (int i = 1; i <= 2; i++) {
                database.renewalRequests().add(new NewRenewalRequest(demo.rxNumber(), demo.patientId(),
                        demo.prescriber(), RenewalReason.NO_REFILLS_LEFT, now, Optional.empty()));
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
            notifications(database.notifications(), demo, filed, now);
            database.optOuts().add(new OptOut(OPTED_OUT.get(0), now.minus(Duration.ofDays(3)), "call"));
            database.optOuts().add(new OptOut(OPTED_OUT.get(1), now.minus(Duration.ofDays(1)), "staff"));
        }
    }

    /**
     * Files only the orders (one placed from a number, one from a withheld number) and the pending refills, for a
     * server that queues their calls itself when staff mark them ready.
     */
    static Filed fileOrdersAndRefills(String databaseUrl, Demo demo) {
        try (var database = open(databaseUrl)) {
            return ordersAndRefills(database, demo, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private static PharmacyDatabase open(String databaseUrl) {
        return PharmacyDatabase.open(new DatabaseSettings(databaseUrl, "sa", "", 2));
    }

    private static Filed ordersAndRefills(PharmacyDatabase database, Demo demo, Instant now) {
        List<Long> orders = new ArrayList<>();
        List<Long> refills = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            orders.add(database.orderLedger().add(new NewOrder("Ann Example", i == 1 ? Optional.of("+12025550107")
                    : Optional.empty(), demo.drugId(), i, new BigDecimal("14.00"), "", now, Optional.empty())).id());
            refills.add(database.refillQueue().add(new NewRefill(demo.rxNumber(), demo.patientId(), now,
                    now.plus(Duration.ofHours(2)), Optional.empty())).id());
        }
        return new Filed(List.copyOf(orders), List.copyOf(refills));
    }

    /**
     * The calls the pharmacy owes, left as the triggers and the dialler leave them: every kind of subject, with and
     * without a patient, queued untried and queued after an attempt, and ended answered, failed and not answered. Each
     * dialled one is claimed before the next is queued, so that the claim takes it and no other.
     */
    private static void notifications(NotificationBook book, Demo demo, Filed filed, Instant now) {
        String patientPhone = demo.patientPhone();
        Optional<Long> patient = Optional.of(demo.patientId());
        // The fills of long ago: the reminders the server queues itself are about the latest one.
        LocalDate longAgo = LocalDate.of(2020, 1, 1);
        dialled(book, book.queue(new NewNotification(NotificationKind.READY_FOR_PICKUP,
                new Subject.ReadyRefill(filed.refills().getFirst()), patient, patientPhone, now.minus(Duration
                        .ofHours(6)))).notification(), CallOutcome.ANSWERED, NotificationState.ANSWERED, now);
        dialled(book, book.queue(new NewNotification(NotificationKind.READY_FOR_PICKUP,
                new Subject.ReadyOrder(filed.orders().getFirst()), Optional.empty(), "+12025550107", now.minus(
                        Duration.ofHours(5)))).notification(), CallOutcome.FAILED, NotificationState.FAILED, now);
        dialled(book, book.queue(new NewNotification(NotificationKind.REFILL_REMINDER,
                new Subject.RunningOut(demo.rxNumber(), longAgo), patient, patientPhone, now.minus(Duration
                        .ofHours(4)))).notification(), CallOutcome.NO_ANSWER, NotificationState.NO_ANSWER, now);
        dialled(book, book.queue(new NewNotification(NotificationKind.REFILL_REMINDER,
                new Subject.RunningOut(demo.rxNumber(), longAgo.plusMonths(1)), patient, patientPhone, now.minus(
                        Duration.ofHours(3)))).notification(), CallOutcome.BUSY, NotificationState.QUEUED, now);
        book.queue(new NewNotification(NotificationKind.REFILL_REMINDER, new Subject.RunningOut(demo.rxNumber(),
                longAgo.plusMonths(2)), patient, patientPhone, now.minus(Duration.ofHours(2))));
    }

    /** One attempt at {@code notification}, ended with {@code outcome}, leaving it {@code next}. */
    private static void dialled(NotificationBook book, Notification notification, CallOutcome outcome,
                                NotificationState next, Instant now) {
        Notification claimed = book.claimNext("staff-records-seed", now).orElseThrow();
        if (claimed.id() != notification.id()) {
            throw new IllegalStateException("the seed claimed notification " + claimed.id() + ", not "
                    + notification.id() + ": something else queued one");
        }
        Instant started = now.minus(Duration.ofMinutes(30));
        int attempt = book.startAttempt(notification.id(), LocalDate.ofInstant(started, ZoneOffset.UTC), 3, started)
                .orElseThrow();
        book.attemptPlaced(notification.id(), attempt, "CAseedoutbound" + notification.id());
        Instant ended = started.plusSeconds(40);
        book.attemptEnded(notification.id(), attempt, outcome, next, next == NotificationState.QUEUED
                ? now.plus(Duration.ofHours(2)) : ended, ended);
    }
}
