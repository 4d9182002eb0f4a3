package org.pharmacyvoice.domain.outbound;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.AnswerPlan;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.CallProgress;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.outbound.port.in.NextCallUseCase;
import org.pharmacyvoice.domain.outbound.port.in.PlacedCallUseCase;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OutboundMetrics;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;

/**
 * Follows each call the pharmacy placed through the network's webhooks, on whichever server gets them: connects an
 * answered call to the agent, leaves a machine the voicemail without health information, and settles the attempt
 * when the call is over. Webhooks come again and out of order, so each step checks the attempt as the book has it.
 */
public final class PlacedCalls implements PlacedCallUseCase {

    private static final System.Logger LOG = System.getLogger(PlacedCalls.class.getName());

    private final NotificationBook book;
    private final NextCallUseCase calls;
    private final PhoneNetwork network;
    private final Errands errands;
    private final OutboundMetrics metrics;

    public PlacedCalls(NotificationBook book, NextCallUseCase calls, PhoneNetwork network, Errands errands,
                       OutboundMetrics metrics) {
        this.book = Objects.requireNonNull(book, "'book' must not be null");
        this.calls = Objects.requireNonNull(calls, "'calls' must not be null");
        this.network = Objects.requireNonNull(network, "'network' must not be null");
        this.errands = Objects.requireNonNull(errands, "'errands' must not be null");
        this.metrics = Objects.requireNonNull(metrics, "'metrics' must not be null");
    }

    @Override
    public AnswerPlan answered(long notificationId, int attempt, String callSid) {
        Optional<PlacedAttempt> placed = ours(notificationId, attempt, callSid, "answered");
        if (placed.isEmpty()) {
            return new AnswerPlan.HangUp("", "no such attempt, or it belongs to another call");
        }
        if (placed.get().notification().state() != NotificationState.CALLING || placed.get().outcome().isPresent()) {
            return new AnswerPlan.HangUp(errands.voicemail(placed.get().notification()),
                    "notification " + notificationId + " is no longer being called ("
                            + placed.get().notification().state().code() + ")");
        }
        LOG.log(Level.INFO, "[{0}] answered: attempt {1} at notification {2}", callSid, attempt,
                Long.toString(notificationId));
        return new AnswerPlan.Connect(errands.voicemail(placed.get().notification()));
    }

    @Override
    public void answeredBy(long notificationId, int attempt, String callSid, Answerer answerer) {
        Optional<PlacedAttempt> placed = ours(notificationId, attempt, callSid, "detection");
        if (placed.isEmpty() || placed.get().outcome().isPresent()) {
            return;
        }
        book.attemptAnsweredBy(notificationId, attempt, answerer);
        switch (answerer) {
            case MACHINE -> {
                LOG.log(Level.INFO, "[{0}] a machine answered notification {1}: leaving the voicemail", callSid,
                        Long.toString(notificationId));
                network.endWithWords(callSid, errands.voicemail(placed.get().notification()));
            }
            case FAX -> {
                LOG.log(Level.INFO, "[{0}] a fax answered notification {1}: hanging up", callSid,
                        Long.toString(notificationId));
                network.endWithWords(callSid, "");
            }
            case PERSON, UNKNOWN -> LOG.log(Level.INFO, "[{0}] detection: {1} answered notification {2}", callSid,
                    answerer.code(), Long.toString(notificationId));
        }
    }

    @Override
    public void progressed(long notificationId, int attempt, String callSid, CallProgress progress) {
        Objects.requireNonNull(progress, "'progress' must not be null");
        if (!progress.isFinal()) {
            LOG.log(Level.DEBUG, "[{0}] placed call {1}", callSid, progress.code());
            return;
        }
        Optional<PlacedAttempt> placed = ours(notificationId, attempt, callSid, "status " + progress.code());
        if (placed.isEmpty() || placed.get().outcome().isPresent()) {
            return;
        }
        CallOutcome outcome = progress.outcome(placed.get().answeredBy()).orElseThrow();
        var now = calls.callEnded(placed.get().dueCall(), outcome);
        metrics.attemptEnded(outcome);
        LOG.log(Level.INFO, "[{0}] attempt {1} at notification {2} ended {3}; the notification is {4}", callSid,
                attempt, Long.toString(notificationId), outcome.code(), now.state().code());
    }

    /**
     * The attempt a webhook names, if its call is the one Twilio says: the call SID is recorded when not yet (the
     * webhook may come before the dialler heard back from the network), and a second call for one attempt is not ours.
     */
    private Optional<PlacedAttempt> ours(long notificationId, int attempt, String callSid, String what) {
        Optional<PlacedAttempt> placed = book.attempt(notificationId, attempt);
        if (placed.isEmpty()) {
            LOG.log(Level.WARNING, "[{0}] {1} for attempt {2} at notification {3}, which the book does not have; "
                    + "ignored", callSid, what, attempt, Long.toString(notificationId));
            return Optional.empty();
        }
        if (placed.get().callSid().isEmpty()) {
            book.attemptPlaced(notificationId, attempt, callSid);
            return book.attempt(notificationId, attempt);
        }
        if (!placed.get().callSid().get().equals(callSid)) {
            LOG.log(Level.WARNING, "[{0}] {1} for attempt {2} at notification {3}, which is call {4}; ignored",
                    callSid, what, attempt, Long.toString(notificationId), placed.get().callSid().get());
            return Optional.empty();
        }
        return placed;
    }
}
