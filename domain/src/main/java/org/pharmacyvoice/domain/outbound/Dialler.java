package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.DueCall;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.outbound.port.in.DialUseCase;
import org.pharmacyvoice.domain.outbound.port.in.NextCallUseCase;
import org.pharmacyvoice.domain.outbound.port.out.CallAttempt;
import org.pharmacyvoice.domain.outbound.port.out.CallCheck;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OutboundMetrics;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;

/**
 * Places the calls the queue hands out, and never one twice: an attempt the network surely did not take is withdrawn
 * and tried again later; one whose fate was lost is looked for in the network's recent calls first, and left open
 * (its webhooks or, at worst, {@link #settleAbandoned} settle it) when even that can't be told. A refusal for good
 * (wrong credentials, a number the network won't call) ends the notification as failed, with the reason in the log.
 */
public final class Dialler implements DialUseCase {

    private static final System.Logger LOG = System.getLogger(Dialler.class.getName());
    /** How far before the request a call found in the network's list may have been created (clocks differ). */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

    private final NextCallUseCase calls;
    private final NotificationBook book;
    private final PhoneNetwork network;
    private final OutboundSettings settings;
    private final OutboundMetrics metrics;
    private final Clock clock;

    public Dialler(NextCallUseCase calls, NotificationBook book, PhoneNetwork network, OutboundSettings settings,
                   OutboundMetrics metrics, Clock clock) {
        this.calls = Objects.requireNonNull(calls, "'calls' must not be null");
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.network = Objects.requireNonNull(network, "'network' must not be null");
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public int dialDue(String serverId, int limit) {
        int placed = 0;
        for (int taken = 0; taken < limit; taken++) {
            Optional<DueCall> due = calls.takeNextCall(serverId);
            if (due.isEmpty()) {
                break;
            }
            if (dial(due.get())) {
                placed++;
            }
        }
        return placed;
    }

    private boolean dial(DueCall call) {
        Notification notification = call.notification();
        long id = notification.id();
        var request = new CallRequest(notification.phoneNumber(), settings.callbackNumber(), settings.ringTimeout(),
                id, call.attempt());
        Instant asked = clock.instant();
        CallAttempt attempt;
        try {
            attempt = network.placeCall(request);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "notification " + id + ": placing the call failed unexpectedly", e);
            attempt = new CallAttempt.Unreachable(e.toString(), true);
        }
        switch (attempt) {
            case CallAttempt.Placed placed -> {
                calls.callPlaced(call, placed.callSid());
                metrics.callPlaced();
                LOG.log(Level.INFO, "[{0}] placed: attempt {1} at notification {2}", placed.callSid(), call.attempt(),
                        Long.toString(id));
                return true;
            }
            case CallAttempt.Refused refused when !refused.retryable() -> {
                Instant now = clock.instant();
                book.attemptEnded(id, call.attempt(), CallOutcome.FAILED, NotificationState.FAILED, now, now);
                metrics.callRefused();
                metrics.attemptEnded(CallOutcome.FAILED);
                LOG.log(Level.ERROR, "notification {0}: the phone network refused the call: {1}. The notification is "
                        + "marked failed; fix the cause and queue it again from the staff page", Long.toString(id),
                        refused.reason());
                return false;
            }
            case CallAttempt.Refused refused -> withdraw(call, refused.reason());
            case CallAttempt.Unreachable lost when !lost.maybePlaced() -> withdraw(call, lost.reason());
            case CallAttempt.Unreachable lost -> {
                return settleLost(call, lost.reason(), asked);
            }
        }
        return false;
    }

    /** A request reached the network and its answer was lost: look for the call before ever trying again. */
    private boolean settleLost(DueCall call, String reason, Instant asked) {
        CallCheck check;
        try {
            check = network.recentCallTo(call.notification().phoneNumber(), asked.minus(CLOCK_SLACK));
        } catch (RuntimeException e) {
            check = new CallCheck.Unknown(e.toString());
        }
        switch (check) {
            case CallCheck.Found found -> {
                calls.callPlaced(call, found.callSid());
                metrics.callPlaced();
                LOG.log(Level.INFO, "[{0}] placed after all (its answer was lost: {1}): attempt {2} at notification "
                        + "{3}", found.callSid(), reason, call.attempt(), Long.toString(call.notification().id()));
                return true;
            }
            case CallCheck.NotFound notFound -> withdraw(call, reason);
            case CallCheck.Unknown unknown -> LOG.log(Level.WARNING, "notification {0}: whether attempt {1} rang is "
                    + "unknown ({2}; the lookup: {3}); it stays open until the network reports on it, or for {4} min",
                    Long.toString(call.notification().id()), call.attempt(), reason, unknown.reason(),
                    settings.abandonedAfter().toMinutes());
        }
        return false;
    }

    private void withdraw(DueCall call, String reason) {
        Instant now = clock.instant();
        long id = call.notification().id();
        if (book.attemptWithdrawn(id, call.attempt(), now.plus(settings.retryLater()), now)) {
            metrics.callDeferred();
            LOG.log(Level.WARNING, "notification {0}: the phone network could not take the call ({1}); trying again "
                    + "in {2} min", Long.toString(id), reason, settings.retryLater().toMinutes());
        } else {
            LOG.log(Level.WARNING, "notification {0}: the phone network could not take attempt {1} ({2}), and the "
                    + "attempt had moved on meanwhile", Long.toString(id), call.attempt(), reason);
        }
    }

    @Override
    public int settleAbandoned() {
        Instant now = clock.instant();
        int settled = 0;
        for (Notification notification : book.callingSince(now.minus(settings.abandonedAfter()))) {
            Optional<PlacedAttempt> open = book.openAttempt(notification.id());
            if (open.isEmpty()) {
                if (book.release(notification.id(), now, now)) {
                    settled++;
                    LOG.log(Level.WARNING, "notification {0} was claimed but never dialled (a server stopped?); "
                            + "queued again", Long.toString(notification.id()));
                }
                continue;
            }
            // It may have rung: counting it as failed keeps the limits safe; its webhooks can no longer change it.
            calls.callEnded(open.get().dueCall(), CallOutcome.FAILED);
            metrics.attemptEnded(CallOutcome.FAILED);
            settled++;
            LOG.log(Level.WARNING, "notification {0}: attempt {1} got no report from the network for {2} min; counted "
                    + "as failed", Long.toString(notification.id()), open.get().attempt(),
                    settings.abandonedAfter().toMinutes());
        }
        return settled;
    }
}
