package org.pharmacyvoice.domain.outbound.port.out;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.notification.Queued;

/**
 * Outbound port: the notifications the pharmacy owes, and the attempts made for them, shared by every server. Every
 * change is compare-and-set on the state, so two servers never both dial one notification.
 */
public interface NotificationBook {

    /** Queues the notification unless one for the same subject exists (then returns that one, not new). */
    Queued queue(NewNotification notification);

    Optional<Notification> notification(long id);

    /** Notifications in {@code state} (any when empty), newest first, at most {@code limit}. */
    List<Notification> list(Optional<NotificationState> state, int limit);

    /**
     * Claims the queued notification due soonest (next attempt at or before {@code now}) for {@code serverId},
     * moving it to calling; empty when none is due. A notification is claimed by one server only.
     */
    Optional<Notification> claimNext(String serverId, Instant now);

    /** Moves the notification from {@code expected} to {@code next}; false if it was not {@code expected}. */
    boolean move(long id, NotificationState expected, NotificationState next, Instant at);

    /** Puts a calling notification back in the queue until {@code nextAttemptAt}; false if it was not calling. */
    boolean release(long id, Instant nextAttemptAt, Instant at);

    /**
     * Records the start of the next attempt of a calling notification (the one after its attempts so far) and
     * counts it, taking one of the {@code perDay} places its number has on {@code callDay}; the attempt number, or
     * empty (and nothing recorded) if the notification was not calling or the day's places were taken, by this
     * server or another one, meanwhile.
     */
    Optional<Integer> startAttempt(long id, LocalDate callDay, int perDay, Instant at);

    /** Notes the call SID Twilio gave the attempt. */
    void attemptPlaced(long id, int attempt, String callSid);

    /**
     * Records how an attempt ended and moves the calling notification to {@code next} (queued again until
     * {@code nextAttemptAt}, or an end state); false if it was not calling.
     */
    boolean attemptEnded(long id, int attempt, CallOutcome outcome, NotificationState next, Instant nextAttemptAt,
                         Instant at);

    /** When each attempt to {@code phoneNumber} since {@code since} started, for any notification. */
    List<Instant> callsTo(String phoneNumber, Instant since);

    /** Ends every queued notification to {@code phoneNumber} as opted out; how many. */
    int optOutQueued(String phoneNumber, Instant at);

    /** The attempt {@code attempt} at notification {@code id}, if it was started. */
    Optional<PlacedAttempt> attempt(long id, int attempt);

    /** The attempt whose call the network knows as {@code callSid}, if any. */
    Optional<PlacedAttempt> attemptByCallSid(String callSid);

    /** Notes who answered the attempt, as answering-machine detection said. */
    void attemptAnsweredBy(long id, int attempt, Answerer answerer);

    /**
     * Takes back a started attempt that never reached the network (nothing was dialled): removes it, freeing its
     * number's place for the day, and queues the calling notification again until {@code nextAttemptAt}; false if
     * it was not calling or the attempt has a call SID or an outcome.
     */
    boolean attemptWithdrawn(long id, int attempt, Instant nextAttemptAt, Instant at);

    /** Notifications in calling whose last change is before {@code before}: claims a crashed server left behind. */
    List<Notification> callingSince(Instant before);

    /** The calling notification's attempt that has no outcome yet, if one was started. */
    Optional<PlacedAttempt> openAttempt(long id);
}
