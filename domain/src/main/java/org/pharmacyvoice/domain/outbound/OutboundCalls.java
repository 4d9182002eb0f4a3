package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.dispensary.port.out.PrescriptionFile;
import org.pharmacyvoice.domain.dispensary.port.out.RefillQueue;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.CallVerdict;
import org.pharmacyvoice.domain.notification.CallingRules;
import org.pharmacyvoice.domain.notification.Cancellation;
import org.pharmacyvoice.domain.notification.DueCall;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Requeue;
import org.pharmacyvoice.domain.outbound.port.in.NextCallUseCase;
import org.pharmacyvoice.domain.outbound.port.in.OutboundQueueUseCase;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OptOutList;

/**
 * The outbound queue: the dialler takes from it only the calls {@link CallingRules} allow now, and staff see and
 * cancel. A claimed notification the rules hold back goes back to the queue until the moment they name; one they
 * give up on ends in the state they say. The attempt is recorded, taking its number's place for the day, before it
 * is handed out to be dialled.
 */
public final class OutboundCalls implements NextCallUseCase, OutboundQueueUseCase {

    private static final System.Logger LOG = System.getLogger(OutboundCalls.class.getName());
    /** Claims looked at per request for a call: enough to pass over held-back ones, bounded for one request. */
    static final int MAX_CLAIMS = 20;
    /** How far back calls to a number matter: the week of the weekly limit, with a day to spare for zones. */
    private static final Duration HISTORY = Duration.ofDays(CallingRules.WEEK_DAYS + 1);

    private final NotificationBook book;
    private final OptOutList optOuts;
    private final StillDue stillDue;
    private final CallingRules rules;
    private final Clock clock;

    public OutboundCalls(NotificationBook book, OptOutList optOuts, RefillQueue refills, OrderLedger orders,
                         PrescriptionFile prescriptions, CallingRules rules, Clock clock) {
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.optOuts = Objects.requireNonNull(optOuts, "'optOuts' must not be null");
        this.stillDue = new StillDue(refills, orders, prescriptions);
        this.rules = Objects.requireNonNull(rules, "'rules' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public Optional<DueCall> takeNextCall(String serverId) {
        Objects.requireNonNull(serverId, "'serverId' must not be null");
        for (int claim = 0; claim < MAX_CLAIMS; claim++) {
            Instant now = clock.instant();
            Optional<Notification> claimed = book.claimNext(serverId, now);
            if (claimed.isEmpty()) {
                return Optional.empty();
            }
            Notification notification = claimed.get();
            CallVerdict verdict = rules.decide(notification,
                    book.callsTo(notification.phoneNumber(), now.minus(HISTORY)),
                    optOuts.find(notification.phoneNumber()).isPresent(),
                    stillDue.holds(notification.subject()), now);
            switch (verdict) {
                case CallVerdict.CallNow callNow -> {
                    Optional<Integer> attempt = book.startAttempt(notification.id(),
                            now.atZone(rules.zone()).toLocalDate(), rules.perDay(), now);
                    if (attempt.isPresent()) {
                        return Optional.of(new DueCall(notification, attempt.get()));
                    }
                    // Another server called the number today meanwhile: wait for tomorrow's calling hours.
                    book.release(notification.id(), rules.hours().startOn(
                            now.atZone(rules.zone()).toLocalDate().plusDays(1), rules.zone()), now);
                }
                case CallVerdict.WaitUntil wait -> book.release(notification.id(), wait.at(), now);
                case CallVerdict.GiveUp giveUp -> {
                    book.move(notification.id(), NotificationState.CALLING, giveUp.endsAs(), now);
                    LOG.log(Level.INFO, "notification {0} ends as {1}: {2}", Long.toString(notification.id()),
                            giveUp.endsAs().code(), giveUp.why());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void callPlaced(DueCall call, String callSid) {
        book.attemptPlaced(call.notification().id(), call.attempt(), callSid);
    }

    @Override
    public Notification callEnded(DueCall call, CallOutcome outcome) {
        Objects.requireNonNull(outcome, "'outcome' must not be null");
        Instant now = clock.instant();
        boolean last = outcome.delivered() || call.attempt() >= rules.maxAttempts();
        NotificationState next = last ? outcome.state() : NotificationState.QUEUED;
        long id = call.notification().id();
        if (!book.attemptEnded(id, call.attempt(), outcome, next, now.plus(rules.spacing()), now)) {
            LOG.log(Level.WARNING, "notification {0} was not being called when attempt {1} ended ({2}): ignored",
                    Long.toString(id), call.attempt(), outcome.code());
        }
        return book.notification(id).orElseThrow();
    }

    @Override
    public List<Notification> notifications(Optional<NotificationState> state, int limit) {
        return limit < 1 ? List.of() : book.list(Objects.requireNonNull(state, "'state' must not be null"), limit);
    }

    @Override
    public Cancellation cancel(long notificationId) {
        if (book.notification(notificationId).isEmpty()) {
            return new Cancellation.NoSuchNotification(notificationId);
        }
        boolean cancelled = book.move(notificationId, NotificationState.QUEUED, NotificationState.CANCELLED,
                clock.instant());
        Notification now = book.notification(notificationId).orElseThrow();
        if (cancelled) {
            LOG.log(Level.INFO, "notification {0} cancelled by staff", Long.toString(notificationId));
            return new Cancellation.Cancelled(now);
        }
        return new Cancellation.NotQueued(now);
    }

    @Override
    public Requeue requeue(long notificationId) {
        Optional<Notification> before = book.notification(notificationId);
        if (before.isEmpty()) {
            return new Requeue.NoSuchNotification(notificationId);
        }
        boolean requeued = book.move(notificationId, NotificationState.FAILED, NotificationState.QUEUED,
                clock.instant());
        Notification now = book.notification(notificationId).orElseThrow();
        if (requeued) {
            LOG.log(Level.INFO, "notification {0} queued again by staff", Long.toString(notificationId));
            return new Requeue.Requeued(now);
        }
        return new Requeue.NotFailed(now);
    }
}
