package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.CallingRules;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.outbound.OptOuts;
import org.pharmacyvoice.domain.outbound.OutboundCalls;
import org.pharmacyvoice.domain.outbound.PickupCalls;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OptOutList;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Prescription;
import org.pharmacyvoice.domain.prescription.PrescriptionStatus;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/**
 * The outbound ports, {@link NotificationBook} and {@link OptOutList}, on a real database: what the domain's
 * in-memory fake promises, the tables keep, and under races between servers too (one notification per subject, one
 * claim per notification, one call per number's place on a day). Subclasses only say which database.
 */
abstract class OutboundNotificationsContractTest {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final Instant MORNING = LocalDateTime.parse("2026-01-14T10:00:00").atZone(ZONE).toInstant();
    static final LocalDate DAY = LocalDate.of(2026, 1, 14);
    static final String NUMBER = "+13125550103";
    static final int RACERS = 8;
    static final String SID = "CA0123456789abcdef0123456789abcdef";

    PharmacyDatabase database;
    NotificationBook book;
    OptOutList optOuts;
    private Patient rosa;
    private Prescription rx;

    /** Settings of a database with nothing in it, new for each test. */
    abstract DatabaseSettings emptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = PharmacyDatabase.open(emptyDatabase());
        book = database.notifications();
        optOuts = database.optOuts();
        rosa = database.jdbi().inTransaction(h -> new PatientTables(h).add("Rosa", "Delgado",
                LocalDate.parse("1962-11-30"), List.of(NUMBER)));
        rx = file("1000009", rosa, DAY.minusDays(28));
    }

    @AfterEach
    void close() {
        database.close();
    }

    // --- the notification book

    @Test
    void notificationsAboutEachSubjectAreKeptAsQueued() {
        Refill refill = refill(RefillStatus.READY);
        Order order = order(Optional.of("+13125550199"));

        Notification aboutRefill = queue(new Subject.ReadyRefill(refill.id()), NUMBER, Optional.of(rosa.id()))
                .notification();
        Notification aboutOrder = queue(new Subject.ReadyOrder(order.id()), "+13125550199", Optional.empty())
                .notification();
        Notification aboutFill = queue(new Subject.RunningOut(rx.rxNumber(), DAY.minusDays(28)), NUMBER,
                Optional.of(rosa.id())).notification();

        assertThat(book.notification(aboutRefill.id()), is(Optional.of(new Notification(aboutRefill.id(),
                NotificationKind.READY_FOR_PICKUP, new Subject.ReadyRefill(refill.id()), Optional.of(rosa.id()),
                NUMBER, NotificationState.QUEUED, 0, MORNING, Optional.empty(), MORNING, MORNING))));
        assertThat(book.notification(aboutOrder.id()).orElseThrow().subject(),
                is(new Subject.ReadyOrder(order.id())));
        assertThat(book.notification(aboutOrder.id()).orElseThrow().patientId(), is(Optional.empty()));
        assertThat(book.notification(aboutFill.id()).orElseThrow().subject(),
                is(new Subject.RunningOut("1000009", DAY.minusDays(28))));
        assertThat(book.list(Optional.of(NotificationState.QUEUED), 10), hasSize(3));
        assertThat(book.list(Optional.of(NotificationState.CALLING), 10), hasSize(0));
        assertThat(book.list(Optional.empty(), 2), hasSize(2));
        assertThat(book.notification(999_999), is(Optional.empty()));
    }

    @Test
    void racingTriggersForOneSubjectQueueOneNotification() throws Exception {
        Refill refill = refill(RefillStatus.READY);
        var subjects = List.of(new Subject.ReadyRefill(refill.id()),
                new Subject.RunningOut(rx.rxNumber(), DAY.minusDays(28)));

        for (Subject subject : subjects) {
            List<Queued> results = race(() -> queue(subject, NUMBER, Optional.of(rosa.id())));

            assertThat(subject.key(), results.stream().filter(Queued::isNew).count(), is(1L));
            assertThat(subject.key(), results.stream().map(q -> q.notification().id()).distinct().count(), is(1L));
        }
        assertThat(count("SELECT COUNT(*) FROM notification"), is(2L));
    }

    @Test
    void racingServersClaimEachDueNotificationOnce() throws Exception {
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                    .notification().id());
        }
        Order later = order(Optional.of(NUMBER));
        book.queue(new NewNotification(NotificationKind.READY_FOR_PICKUP, new Subject.ReadyOrder(later.id()),
                Optional.empty(), NUMBER, MORNING.plusSeconds(3600)));
        ConcurrentLinkedQueue<String> claims = new ConcurrentLinkedQueue<>();

        race(() -> {
            String server = "server-" + Thread.currentThread().getId();
            for (Optional<Notification> claimed = book.claimNext(server, MORNING); claimed.isPresent();
                    claimed = book.claimNext(server, MORNING)) {
                claims.add(claimed.get().id() + "@" + server);
            }
            return null;
        });

        List<Long> claimedIds = claims.stream().map(c -> Long.parseLong(c.substring(0, c.indexOf('@')))).toList();
        assertThat("each due notification claimed once: " + claims, claimedIds, hasSize(20));
        assertThat(new HashSet<>(claimedIds), is(new HashSet<>(queued)));
        assertThat(book.list(Optional.of(NotificationState.CALLING), 50), hasSize(20));
        assertThat("the one not due yet stays queued", book.list(Optional.of(NotificationState.QUEUED), 50),
                hasSize(1));
        for (String claim : claims) {
            long id = Long.parseLong(claim.substring(0, claim.indexOf('@')));
            assertThat(database.jdbi().withHandle(h -> h.createQuery("SELECT claimed_by FROM notification WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one()), is(claim.substring(claim.indexOf('@') + 1)));
        }
    }

    @Test
    void aNumbersPlaceForTheDayIsTakenOnceWhateverTheNotificationOrServer() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            ids.add(queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                    .notification().id());
        }
        for (int i = 0; i < RACERS; i++) {
            book.claimNext("server-a", MORNING).orElseThrow();
        }
        ConcurrentLinkedQueue<Long> next = new ConcurrentLinkedQueue<>(ids);

        List<Optional<Integer>> started = race(() -> book.startAttempt(next.remove(), DAY, 1, MORNING));

        assertThat(started.stream().filter(Optional::isPresent).toList(), contains(Optional.of(1)));
        assertThat(count("SELECT COUNT(*) FROM notification_attempt"), is(1L));
        assertThat(count("SELECT SUM(attempts) FROM notification"), is(1L));
        assertThat(book.callsTo(NUMBER, MORNING.minus(Duration.ofDays(8))), contains(MORNING));
        assertThat(book.callsTo("+13125550100", MORNING.minus(Duration.ofDays(8))), hasSize(0));
        assertThat(book.callsTo(NUMBER, MORNING.plusSeconds(1)), hasSize(0));
        // With two places a day, one more call fits; the next day has its own places.
        Long waiting = ids.stream().filter(id -> book.notification(id).orElseThrow().attempts() == 0).findFirst()
                .orElseThrow();
        assertThat(book.startAttempt(waiting, DAY, 2, MORNING.plusSeconds(60)), is(Optional.of(1)));
        Long another = ids.stream().filter(id -> book.notification(id).orElseThrow().attempts() == 0).findFirst()
                .orElseThrow();
        assertThat(book.startAttempt(another, DAY, 2, MORNING.plusSeconds(120)), is(Optional.empty()));
        assertThat(book.startAttempt(another, DAY.plusDays(1), 1, MORNING.plus(Duration.ofDays(1))),
                is(Optional.of(1)));
    }

    @Test
    void attemptsAndStateChangesApplyOnlyToTheStateTheyWereDecidedOn() {
        long id = queue(new Subject.ReadyRefill(refill(RefillStatus.READY).id()), NUMBER, Optional.of(rosa.id()))
                .notification().id();

        assertThat("not calling yet", book.startAttempt(id, DAY, 1, MORNING), is(Optional.empty()));
        assertThat(book.release(id, MORNING, MORNING), is(false));
        book.claimNext("server-a", MORNING).orElseThrow();
        assertThat(book.startAttempt(id, DAY, 1, MORNING), is(Optional.of(1)));
        book.attemptPlaced(id, 1, "CA0123456789abcdef0123456789abcdef");
        Instant retryAt = MORNING.plus(Duration.ofHours(2));

        assertThat(book.attemptEnded(id, 1, CallOutcome.NO_ANSWER, NotificationState.QUEUED, retryAt,
                MORNING.plusSeconds(40)), is(true));
        assertThat(book.attemptEnded(id, 1, CallOutcome.ANSWERED, NotificationState.ANSWERED, retryAt,
                MORNING.plusSeconds(41)), is(false));

        Notification after = book.notification(id).orElseThrow();
        assertThat(after.state(), is(NotificationState.QUEUED));
        assertThat(after.attempts(), is(1));
        assertThat(after.lastOutcome(), is(Optional.of(CallOutcome.NO_ANSWER)));
        assertThat(after.nextAttemptAt(), is(retryAt));
        assertThat(database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT call_sid || ' ' || outcome FROM notification_attempt WHERE notification_id = :id")
                .bind("id", id).mapTo(String.class).one()), is("CA0123456789abcdef0123456789abcdef no_answer"));
        assertThat(book.claimNext("server-a", MORNING.plusSeconds(60)), is(Optional.empty()));
        assertThat(book.move(id, NotificationState.CALLING, NotificationState.CANCELLED, MORNING), is(false));
        assertThat(book.move(id, NotificationState.QUEUED, NotificationState.CANCELLED, MORNING), is(true));
        assertThat(book.claimNext("server-a", retryAt), is(Optional.empty()));
    }

    // --- placed attempts: what the webhooks and the stream of a placed call look up

    @Test
    void anAttemptIsFoundByNumberAndOnceItIsPlacedByItsCallSidWithItsNotificationAsItIsNow() {
        long id = startedCall(NUMBER);
        Notification calling = book.notification(id).orElseThrow();
        var started = new PlacedAttempt(calling, 1, MORNING, Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(book.attempt(id, 1), is(Optional.of(started)));
        assertThat(book.attempt(id, 2), is(Optional.empty()));
        assertThat(book.attempt(999_999, 1), is(Optional.empty()));
        assertThat(book.attemptByCallSid(SID), is(Optional.empty()));

        book.attemptPlaced(id, 1, SID);
        // Twilio's answer webhook records the SID the dialler recorded already.
        book.attemptPlaced(id, 1, SID);

        var placed = new PlacedAttempt(calling, 1, MORNING, Optional.of(SID), Optional.empty(), Optional.empty());
        assertThat(book.attemptByCallSid(SID), is(Optional.of(placed)));
        assertThat(book.attempt(id, 1), is(Optional.of(placed)));
        assertThat(book.attemptByCallSid("CA" + "f".repeat(32)), is(Optional.empty()));
        assertThat(count("SELECT COUNT(*) FROM notification_attempt WHERE call_sid = '" + SID + "'"), is(1L));

        Instant retryAt = MORNING.plus(Duration.ofHours(2));
        book.attemptEnded(id, 1, CallOutcome.BUSY, NotificationState.QUEUED, retryAt, MORNING.plusSeconds(30));

        PlacedAttempt ended = book.attemptByCallSid(SID).orElseThrow();
        assertThat(ended.outcome(), is(Optional.of(CallOutcome.BUSY)));
        assertThat("the notification as it is now", ended.notification(), is(book.notification(id).orElseThrow()));
        assertThat(ended.notification().state(), is(NotificationState.QUEUED));
        assertThat(ended.dueCall().attempt(), is(1));
    }

    @Test
    void oneCallSidBelongsToOneAttemptWhileAttemptsNotPlacedYetHaveNone() {
        long first = startedCall(NUMBER);
        long second = startedCall("+13125550104");
        assertThat("two attempts without a SID", count(
                "SELECT COUNT(*) FROM notification_attempt WHERE call_sid IS NULL"), is(2L));
        book.attemptPlaced(first, 1, SID);

        var refused = assertThrows(IllegalStateException.class, () -> book.attemptPlaced(second, 1, SID));

        assertThat(refused.getMessage(), containsString("another attempt"));
        assertThat(book.attemptByCallSid(SID).orElseThrow().notification().id(), is(first));
        assertThat(book.attempt(second, 1).orElseThrow().callSid(), is(Optional.empty()));
        assertThat("the table refuses it too", UniqueViolation.in(assertThrows(RuntimeException.class,
                () -> database.jdbi().useTransaction(h -> h.execute(
                        "UPDATE notification_attempt SET call_sid = ? WHERE notification_id = ?", SID, second)))),
                is(true));
    }

    @Test
    void whoAnsweredIsKeptForEachAnswererAndTheTableTakesNothingElse() {
        long id = startedCall(NUMBER);
        book.attemptPlaced(id, 1, SID);
        assertThat(book.attempt(id, 1).orElseThrow().answeredBy(), is(Optional.empty()));

        for (Answerer answerer : Answerer.values()) {
            book.attemptAnsweredBy(id, 1, answerer);

            assertThat(book.attemptByCallSid(SID).orElseThrow().answeredBy(), is(Optional.of(answerer)));
            assertThat(database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT answered_by FROM notification_attempt WHERE notification_id = :id")
                    .bind("id", id).mapTo(String.class).one()), is(answerer.code()));
        }
        assertThat(assertThrows(RuntimeException.class, () -> database.jdbi().useTransaction(h -> h.execute(
                "UPDATE notification_attempt SET answered_by = 'robot' WHERE notification_id = ?", id)))
                .getMessage().toLowerCase(), containsString("notification_attempt_answered_by_check"));
        book.attemptAnsweredBy(id, 2, Answerer.MACHINE);
        assertThat("no attempt 2: nothing noted", count("SELECT COUNT(*) FROM notification_attempt"), is(1L));
    }

    @Test
    void theOpenAttemptIsTheOneWithoutAnOutcome() {
        long id = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                .notification().id();
        assertThat(book.openAttempt(id), is(Optional.empty()));
        book.claimNext("server-a", MORNING).orElseThrow();
        assertThat("claimed, not started", book.openAttempt(id), is(Optional.empty()));
        book.startAttempt(id, DAY, 3, MORNING).orElseThrow();

        assertThat(book.openAttempt(id).map(PlacedAttempt::attempt), is(Optional.of(1)));
        assertThat(book.openAttempt(id).orElseThrow().notification().state(), is(NotificationState.CALLING));

        book.attemptEnded(id, 1, CallOutcome.NO_ANSWER, NotificationState.QUEUED, MORNING.plusSeconds(60),
                MORNING.plusSeconds(30));
        assertThat(book.openAttempt(id), is(Optional.empty()));

        book.claimNext("server-b", MORNING.plusSeconds(60)).orElseThrow();
        book.startAttempt(id, DAY, 3, MORNING.plusSeconds(60)).orElseThrow();
        assertThat(book.openAttempt(id).map(PlacedAttempt::attempt), is(Optional.of(2)));
        assertThat(book.openAttempt(999_999), is(Optional.empty()));
    }

    @Test
    void aWithdrawnAttemptIsRemovedAndItsNotificationQueuedAgainWithTheAttemptUncounted() {
        long id = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                .notification().id();
        book.claimNext("server-a", MORNING).orElseThrow();
        book.startAttempt(id, DAY, 3, MORNING).orElseThrow();
        book.attemptEnded(id, 1, CallOutcome.BUSY, NotificationState.QUEUED, MORNING.plusSeconds(60),
                MORNING.plusSeconds(30));
        book.claimNext("server-a", MORNING.plusSeconds(60)).orElseThrow();
        assertThat(book.startAttempt(id, DAY, 3, MORNING.plusSeconds(61)), is(Optional.of(2)));
        Instant retryAt = MORNING.plus(Duration.ofMinutes(5));

        assertThat(book.attemptWithdrawn(id, 2, retryAt, MORNING.plusSeconds(62)), is(true));

        Notification after = book.notification(id).orElseThrow();
        assertThat(after.state(), is(NotificationState.QUEUED));
        assertThat(after.attempts(), is(1));
        assertThat(after.nextAttemptAt(), is(retryAt));
        assertThat(after.updatedAt(), is(MORNING.plusSeconds(62)));
        assertThat("the last outcome is still the busy one", after.lastOutcome(),
                is(Optional.of(CallOutcome.BUSY)));
        assertThat(book.attempt(id, 2), is(Optional.empty()));
        assertThat(book.attempt(id, 1).orElseThrow().outcome(), is(Optional.of(CallOutcome.BUSY)));
        assertThat("only the first attempt counts against the number", book.callsTo(NUMBER, MORNING),
                contains(MORNING));
        assertThat(book.attemptWithdrawn(id, 2, retryAt, MORNING.plusSeconds(63)), is(false));
        // The next attempt is attempt 2 again.
        book.claimNext("server-a", retryAt).orElseThrow();
        assertThat(book.startAttempt(id, DAY, 3, retryAt), is(Optional.of(2)));
    }

    @Test
    void onlyAnAttemptThatNeverReachedTheNetworkIsWithdrawn() {
        long placed = startedCall(NUMBER);
        book.attemptPlaced(placed, 1, SID);
        long ended = startedCall("+13125550104");
        book.attemptEnded(ended, 1, CallOutcome.FAILED, NotificationState.FAILED, MORNING, MORNING.plusSeconds(5));
        long endedButCalling = startedCall("+13125550105");
        // An outcome on a notification that is calling again would be a bug elsewhere; the book still refuses.
        database.jdbi().useTransaction(h -> h.execute(
                "UPDATE notification_attempt SET outcome = 'failed' WHERE notification_id = ?", endedButCalling));
        long open = startedCall("+13125550106");
        Instant later = MORNING.plusSeconds(600);

        assertThat("has a call SID", book.attemptWithdrawn(placed, 1, later, later), is(false));
        assertThat("not calling", book.attemptWithdrawn(ended, 1, later, later), is(false));
        assertThat("has an outcome", book.attemptWithdrawn(endedButCalling, 1, later, later), is(false));
        assertThat("no such attempt", book.attemptWithdrawn(open, 2, later, later), is(false));
        assertThat("no such notification", book.attemptWithdrawn(999_999, 1, later, later), is(false));

        assertThat(count("SELECT COUNT(*) FROM notification_attempt"), is(4L));
        for (long id : List.of(placed, endedButCalling, open)) {
            Notification unchanged = book.notification(id).orElseThrow();
            assertThat(unchanged.state(), is(NotificationState.CALLING));
            assertThat(unchanged.attempts(), is(1));
            assertThat(unchanged.updatedAt(), is(MORNING));
        }
        assertThat(book.notification(ended).orElseThrow().state(), is(NotificationState.FAILED));
        assertThat(book.attemptWithdrawn(open, 1, later, later), is(true));
    }

    @Test
    void aWithdrawnAttemptFreesItsNumbersPlaceForTheDayForAnotherNotification() {
        long first = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                .notification().id();
        long second = queue(new Subject.ReadyRefill(refill(RefillStatus.READY).id()), NUMBER, Optional.of(rosa.id()))
                .notification().id();
        book.claimNext("server-a", MORNING).orElseThrow();
        book.claimNext("server-b", MORNING).orElseThrow();
        assertThat(book.startAttempt(first, DAY, 1, MORNING), is(Optional.of(1)));
        assertThat("one call a day: taken", book.startAttempt(second, DAY, 1, MORNING), is(Optional.empty()));

        assertThat(book.attemptWithdrawn(first, 1, MORNING.plusSeconds(3600), MORNING.plusSeconds(1)), is(true));

        assertThat(book.startAttempt(second, DAY, 1, MORNING.plusSeconds(2)), is(Optional.of(1)));
        assertThat(database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT notification_id FROM notification_attempt WHERE phone_number = :phone AND day_slot = 1")
                .bind("phone", NUMBER).mapTo(Long.class).list()), contains(second));
    }

    @Test
    void withdrawingAnAttemptRacesItsEndAndExactlyOneWins() throws Exception {
        Instant retryAt = MORNING.plus(Duration.ofHours(1));
        for (int round = 0; round < 10; round++) {
            long id = startedCall("+131255501" + (10 + round));
            var turn = new AtomicInteger();

            List<Boolean> won = race(() -> turn.getAndIncrement() % 2 == 0
                    ? book.attemptWithdrawn(id, 1, retryAt, MORNING.plusSeconds(10))
                    : book.attemptEnded(id, 1, CallOutcome.ANSWERED, NotificationState.ANSWERED, retryAt,
                            MORNING.plusSeconds(10)));

            assertThat("round " + round + ": " + won, won.stream().filter(w -> w).count(), is(1L));
            Notification after = book.notification(id).orElseThrow();
            Optional<PlacedAttempt> attempt = book.attempt(id, 1);
            if (after.state() == NotificationState.QUEUED) {
                assertThat("withdrawn: no attempt left", attempt, is(Optional.empty()));
                assertThat(after.attempts(), is(0));
                assertThat(after.lastOutcome(), is(Optional.empty()));
            } else {
                assertThat(after.state(), is(NotificationState.ANSWERED));
                assertThat("ended: the attempt stays with its outcome", attempt.orElseThrow().outcome(),
                        is(Optional.of(CallOutcome.ANSWERED)));
                assertThat(after.attempts(), is(1));
            }
        }
    }

    @Test
    void withdrawingAnAttemptRacesItsPlacingAndLeavesOneOrTheOther() throws Exception {
        for (int round = 0; round < 10; round++) {
            long id = startedCall("+131255501" + (10 + round));
            String sid = SID.substring(0, 32) + (10 + round);
            var turn = new AtomicInteger();

            List<Boolean> withdrawn = race(() -> {
                if (turn.getAndIncrement() % 2 == 0) {
                    return book.attemptWithdrawn(id, 1, MORNING.plusSeconds(3600), MORNING.plusSeconds(10));
                }
                book.attemptPlaced(id, 1, sid);
                return false;
            });

            Notification after = book.notification(id).orElseThrow();
            if (withdrawn.contains(true)) {
                assertThat("withdrawn once: " + withdrawn, withdrawn.stream().filter(w -> w).count(), is(1L));
                assertThat(book.attempt(id, 1), is(Optional.empty()));
                assertThat(after.state(), is(NotificationState.QUEUED));
                assertThat(after.attempts(), is(0));
            } else {
                assertThat("placed: the call and its attempt stand", book.attemptByCallSid(sid).orElseThrow()
                        .attempt(), is(1));
                assertThat(after.state(), is(NotificationState.CALLING));
                assertThat(after.attempts(), is(1));
            }
        }
    }

    @Test
    void aCallSidRecordedWhileTheAttemptIsBeingWithdrawnKeepsTheAttempt() throws Exception {
        long id = startedCall(NUMBER);
        ExecutorService withdrawer = Executors.newSingleThreadExecutor();
        try (var placing = database.jdbi().open()) {
            placing.begin();
            placing.execute("UPDATE notification_attempt SET call_sid = ? WHERE notification_id = ?", SID, id);
            Future<Boolean> withdrawn = withdrawer.submit(() -> book.attemptWithdrawn(id, 1,
                    MORNING.plusSeconds(3600), MORNING.plusSeconds(10)));
            // Long enough, on a quiet machine, for the withdrawal to queue the notification and wait on the attempt's
            // row; if it is slower, it sees the SID from the start, and the outcome must be the same.
            Thread.sleep(300);
            placing.commit();

            assertThat(withdrawn.get(30, TimeUnit.SECONDS), is(false));
        } finally {
            withdrawer.shutdownNow();
        }
        Notification after = book.notification(id).orElseThrow();
        assertThat(after.state(), is(NotificationState.CALLING));
        assertThat(after.attempts(), is(1));
        assertThat(after.updatedAt(), is(MORNING));
        assertThat(book.attemptByCallSid(SID).orElseThrow().attempt(), is(1));
    }

    @Test
    void callingSinceFindsOnlyCallingNotificationsLastChangedBeforeTheMoment() {
        long claimedEarly = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                .notification().id();
        book.claimNext("server-a", MORNING).orElseThrow();
        long startedLater = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                .notification().id();
        book.claimNext("server-a", MORNING).orElseThrow();
        book.startAttempt(startedLater, DAY, 3, MORNING.plusSeconds(60)).orElseThrow();
        long stillQueued = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER, Optional.empty())
                .notification().id();
        long endedEarly = queue(new Subject.ReadyRefill(refill(RefillStatus.READY).id()), NUMBER,
                Optional.of(rosa.id())).notification().id();
        database.jdbi().useTransaction(h -> h.execute(
                "UPDATE notification SET state = 'answered' WHERE id = ?", endedEarly));

        assertThat("changed at the moment itself: not before it", book.callingSince(MORNING), hasSize(0));
        assertThat(ids(book.callingSince(MORNING.plusMillis(1))), contains(claimedEarly));
        assertThat(ids(book.callingSince(MORNING.plusSeconds(60))), contains(claimedEarly));
        assertThat(ids(book.callingSince(MORNING.plusSeconds(61))), contains(claimedEarly, startedLater));
        assertThat(book.callingSince(MORNING.plusSeconds(61)).get(1), is(book.notification(startedLater)
                .orElseThrow()));
        assertThat(book.notification(stillQueued).orElseThrow().state(), is(NotificationState.QUEUED));
        assertThat(ids(book.callingSince(MORNING.plus(Duration.ofDays(1)))), contains(claimedEarly, startedLater));
    }

    // --- opt-outs

    @Test
    void anOptOutIsKeptOnceAndEndsTheNumbersQueuedNotificationsOnly() {
        long queuedToNumber = queue(new Subject.ReadyRefill(refill(RefillStatus.READY).id()), NUMBER,
                Optional.of(rosa.id())).notification().id();
        long callingToNumber = queue(new Subject.ReadyOrder(order(Optional.of(NUMBER)).id()), NUMBER,
                Optional.empty()).notification().id();
        long toAnother = queue(new Subject.ReadyOrder(order(Optional.of("+13125550100")).id()), "+13125550100",
                Optional.empty()).notification().id();
        database.jdbi().useTransaction(h -> h.execute(
                "UPDATE notification SET state = 'calling' WHERE id = ?", callingToNumber));

        OptOut first = optOuts.add(new OptOut(NUMBER, MORNING, "call"));
        OptOut again = optOuts.add(new OptOut(NUMBER, MORNING.plusSeconds(5), "staff"));
        int ended = book.optOutQueued(NUMBER, MORNING);

        assertThat(again, is(first));
        assertThat(optOuts.find(NUMBER), is(Optional.of(new OptOut(NUMBER, MORNING, "call"))));
        assertThat(optOuts.find("+13125550100"), is(Optional.empty()));
        assertThat(optOuts.list(10), contains(first));
        assertThat(ended, is(1));
        assertThat(book.notification(queuedToNumber).orElseThrow().state(), is(NotificationState.OPTED_OUT));
        assertThat(book.notification(callingToNumber).orElseThrow().state(), is(NotificationState.CALLING));
        assertThat(book.notification(toAnother).orElseThrow().state(), is(NotificationState.QUEUED));
    }

    @Test
    void racingOptOutsOfOneNumberKeepOneListing() throws Exception {
        List<OptOut> listed = race(() -> optOuts.add(new OptOut(NUMBER, MORNING, "call")));

        assertThat(new HashSet<>(listed), hasSize(1));
        assertThat(count("SELECT COUNT(*) FROM opt_out"), is(1L));
    }

    // --- the reminder roster

    @Test
    void onlyOptedInPatientsActiveFilledPrescriptionsAreRemindable() {
        Patient ben = database.jdbi().inTransaction(h -> new PatientTables(h).add("Ben", "Okafor",
                LocalDate.parse("1970-01-02"), List.of("+13125550104")));
        file("1000010", ben, DAY.minusDays(28));
        file("1000011", rosa, null);
        assertThat(database.reminderRoster().remindable(), hasSize(0));

        database.jdbi().useTransaction(h -> new PatientTables(h).optInReminders(rosa.id(), true));

        assertThat(database.reminderRoster().remindable().stream().map(Prescription::rxNumber).toList(),
                contains("1000009"));
    }

    // --- the domain's rules on these tables

    @Test
    void theDiallerCountsAttemptsFromTheTablesAndHonoursAnOptOutAtOnce() {
        var clock = new SetClock(MORNING);
        Refill refill = refill(RefillStatus.READY);
        var trigger = (Trigger.Notified) new PickupCalls(book, database.refillQueue(), database.patients(),
                database.orderLedger(), clock).refillReady(refill.id());
        var dialler = new OutboundCalls(book, optOuts, database.refillQueue(), database.orderLedger(),
                database.prescriptions(), CallingRules.customary(ZONE), clock);
        long id = trigger.queued().notification().id();

        var first = dialler.takeNextCall("server-a").orElseThrow();
        dialler.callEnded(first, CallOutcome.NO_ANSWER);
        clock.set(MORNING.plus(Duration.ofHours(4)));

        assertThat("one call a day", dialler.takeNextCall("server-b"), is(Optional.empty()));
        assertThat(book.notification(id).orElseThrow().nextAttemptAt(),
                is(LocalDateTime.parse("2026-01-15T08:00:00").atZone(ZONE).toInstant()));

        new OptOuts(optOuts, book, clock).optOut("(312) 555-0103", "staff");
        clock.set(MORNING.plus(Duration.ofDays(1)));

        assertThat(dialler.takeNextCall("server-b"), is(Optional.empty()));
        assertThat(book.notification(id).orElseThrow().state(), is(NotificationState.OPTED_OUT));
        assertThat(count("SELECT COUNT(*) FROM notification_attempt"), is(1L));
    }

    // --- helpers

    /** A clock the test sets: a day of calls passes in a moment. */
    static final class SetClock extends java.time.Clock {

        private volatile Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }
    }

    Queued queue(Subject subject, String number, Optional<Long> patientId) {
        NotificationKind kind = subject instanceof Subject.RunningOut ? NotificationKind.REFILL_REMINDER
                : NotificationKind.READY_FOR_PICKUP;
        return book.queue(new NewNotification(kind, subject, patientId, number, MORNING));
    }

    /** A ready order's notification to {@code number}, claimed and its first attempt started, at MORNING. */
    long startedCall(String number) {
        long id = queue(new Subject.ReadyOrder(order(Optional.of(number)).id()), number, Optional.empty())
                .notification().id();
        assertThat(book.claimNext("server-a", MORNING).orElseThrow().id(), is(id));
        assertThat(book.startAttempt(id, DAY, 1, MORNING), is(Optional.of(1)));
        return id;
    }

    static List<Long> ids(List<Notification> notifications) {
        return notifications.stream().map(Notification::id).toList();
    }

    Prescription file(String rxNumber, Patient patient, LocalDate lastFilled) {
        long drug = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id FROM formulary WHERE generic_name = 'hydrochlorothiazide'")
                .mapTo(Long.class).one());
        return database.jdbi().inTransaction(h -> new PrescriptionTables(h).file(new Prescription(rxNumber,
                patient.id(), drug, "hydrochlorothiazide", "25 mg", "Take 1 tablet by mouth daily.",
                "Dr. Helen Brooks", DAY.minusMonths(2), 3, 2, 30, Optional.ofNullable(lastFilled), Schedule.NONE,
                PrescriptionStatus.ACTIVE)));
    }

    Refill refill(RefillStatus status) {
        Refill refill = database.refillQueue().add(new NewRefill(rx.rxNumber(), rosa.id(), MORNING,
                MORNING.plusSeconds(7200), Optional.empty()));
        if (status != RefillStatus.PENDING) {
            database.refillQueue().changeStatus(refill.id(), RefillStatus.PENDING, status, MORNING);
        }
        return database.refillQueue().refill(refill.id()).orElseThrow();
    }

    Order order(Optional<String> phone) {
        long drug = database.jdbi().withHandle(h -> h.createQuery("SELECT MIN(id) FROM formulary")
                .mapTo(Long.class).one());
        return database.orderLedger().add(new NewOrder("Alice Moreau", phone, drug, 1, BigDecimal.ONE, "", MORNING,
                Optional.empty()));
    }

    long count(String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Runs {@code work} on {@link #RACERS} threads released at once; their results. */
    static <T> List<T> race(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
