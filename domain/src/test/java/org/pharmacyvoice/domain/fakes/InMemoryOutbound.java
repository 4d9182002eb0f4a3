package org.pharmacyvoice.domain.fakes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;
import org.pharmacyvoice.domain.outbound.port.out.OptOutList;
import org.pharmacyvoice.domain.outbound.port.out.ReminderRoster;
import org.pharmacyvoice.domain.prescription.Prescription;

/**
 * The outbound queue, its attempts and the opt-out list in memory, with the database's rules: one notification per
 * subject, compare-and-set state changes, one claim per notification, and a number's places for a day taken once.
 */
public final class InMemoryOutbound implements NotificationBook, OptOutList, ReminderRoster {

    /** One attempt as the attempt table keeps it. */
    public record Attempt(long notificationId, int number, String phoneNumber, LocalDate callDay, int daySlot,
                          Instant startedAt, Optional<String> callSid, Optional<CallOutcome> outcome,
                          Optional<Answerer> answeredBy) {
    }

    private final Map<Long, Notification> notifications = new LinkedHashMap<>();
    private final Map<Long, String> claimedBy = new LinkedHashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final Set<String> daySlots = new HashSet<>();
    private final Map<String, OptOut> optOuts = new LinkedHashMap<>();
    private final List<Prescription> remindable = new ArrayList<>();
    private long nextId = 1;

    public synchronized void remindable(Prescription prescription) {
        remindable.add(prescription);
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public synchronized Optional<String> claimedBy(long id) {
        return Optional.ofNullable(claimedBy.get(id));
    }

    /** A call to {@code phoneNumber} made for another notification, e.g. by another server. */
    public synchronized void calledElsewhere(String phoneNumber, LocalDate day, Instant at) {
        int slot = 1;
        while (!daySlots.add(phoneNumber + "/" + day + "/" + slot)) {
            slot++;
        }
        attempts.add(new Attempt(0, 1, phoneNumber, day, slot, at, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Override
    public synchronized Queued queue(NewNotification request) {
        Optional<Notification> existing = notifications.values().stream()
                .filter(n -> n.subject().key().equals(request.subject().key())).findFirst();
        if (existing.isPresent()) {
            return new Queued(existing.get(), false);
        }
        long id = nextId++;
        var notification = new Notification(id, request.kind(), request.subject(), request.patientId(),
                request.phoneNumber(), NotificationState.QUEUED, 0, request.queuedAt(), Optional.empty(),
                request.queuedAt(), request.queuedAt());
        notifications.put(id, notification);
        return new Queued(notification, true);
    }

    @Override
    public synchronized Optional<Notification> notification(long id) {
        return Optional.ofNullable(notifications.get(id));
    }

    @Override
    public synchronized List<Notification> list(Optional<NotificationState> state, int limit) {
        return notifications.values().stream()
                .filter(n -> state.isEmpty() || n.state() == state.get())
                .sorted(Comparator.comparing(Notification::createdAt).thenComparing(Notification::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<Notification> claimNext(String serverId, Instant now) {
        Optional<Notification> due = notifications.values().stream()
                .filter(n -> n.state() == NotificationState.QUEUED && !n.nextAttemptAt().isAfter(now))
                .min(Comparator.comparing(Notification::nextAttemptAt).thenComparing(Notification::id));
        due.ifPresent(n -> {
            claimedBy.put(n.id(), serverId);
            put(n.id(), NotificationState.CALLING, n.attempts(), n.nextAttemptAt(), n.lastOutcome(), now);
        });
        return due.map(n -> notifications.get(n.id()));
    }

    @Override
    public synchronized boolean move(long id, NotificationState expected, NotificationState next, Instant at) {
        Notification n = notifications.get(id);
        if (n == null || n.state() != expected) {
            return false;
        }
        put(id, next, n.attempts(), n.nextAttemptAt(), n.lastOutcome(), at);
        return true;
    }

    @Override
    public synchronized boolean release(long id, Instant nextAttemptAt, Instant at) {
        Notification n = notifications.get(id);
        if (n == null || n.state() != NotificationState.CALLING) {
            return false;
        }
        put(id, NotificationState.QUEUED, n.attempts(), nextAttemptAt, n.lastOutcome(), at);
        return true;
    }

    @Override
    public synchronized Optional<Integer> startAttempt(long id, LocalDate callDay, int perDay, Instant at) {
        Notification n = notifications.get(id);
        if (n == null || n.state() != NotificationState.CALLING) {
            return Optional.empty();
        }
        for (int slot = 1; slot <= perDay; slot++) {
            if (daySlots.add(n.phoneNumber() + "/" + callDay + "/" + slot)) {
                int number = n.attempts() + 1;
                attempts.add(new Attempt(id, number, n.phoneNumber(), callDay, slot, at, Optional.empty(),
                        Optional.empty(), Optional.empty()));
                put(id, NotificationState.CALLING, number, n.nextAttemptAt(), n.lastOutcome(), at);
                return Optional.of(number);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void attemptPlaced(long id, int attempt, String callSid) {
        if (attempts.stream().anyMatch(a -> a.callSid().equals(Optional.of(callSid))
                && (a.notificationId() != id || a.number() != attempt))) {
            throw new IllegalStateException("call " + callSid + " belongs to another attempt");
        }
        replaceAttempt(id, attempt, a -> new Attempt(a.notificationId(), a.number(), a.phoneNumber(), a.callDay(),
                a.daySlot(), a.startedAt(), Optional.of(callSid), a.outcome(), a.answeredBy()));
    }

    @Override
    public synchronized boolean attemptEnded(long id, int attempt, CallOutcome outcome, NotificationState next,
                                             Instant nextAttemptAt, Instant at) {
        Notification n = notifications.get(id);
        if (n == null || n.state() != NotificationState.CALLING) {
            return false;
        }
        replaceAttempt(id, attempt, a -> new Attempt(a.notificationId(), a.number(), a.phoneNumber(), a.callDay(),
                a.daySlot(), a.startedAt(), a.callSid(), Optional.of(outcome), a.answeredBy()));
        put(id, next, n.attempts(), nextAttemptAt, Optional.of(outcome), at);
        return true;
    }

    @Override
    public synchronized List<Instant> callsTo(String phoneNumber, Instant since) {
        return attempts.stream().filter(a -> a.phoneNumber().equals(phoneNumber) && !a.startedAt().isBefore(since))
                .map(Attempt::startedAt).toList();
    }

    @Override
    public synchronized int optOutQueued(String phoneNumber, Instant at) {
        List<Long> ids = notifications.values().stream()
                .filter(n -> n.phoneNumber().equals(phoneNumber) && n.state() == NotificationState.QUEUED)
                .map(Notification::id).toList();
        ids.forEach(id -> move(id, NotificationState.QUEUED, NotificationState.OPTED_OUT, at));
        return ids.size();
    }

    @Override
    public synchronized OptOut add(OptOut optOut) {
        return optOuts.computeIfAbsent(optOut.phoneNumber(), number -> optOut);
    }

    @Override
    public synchronized Optional<OptOut> find(String phoneNumber) {
        return Optional.ofNullable(optOuts.get(phoneNumber));
    }

    @Override
    public synchronized List<OptOut> list(int limit) {
        return optOuts.values().stream().sorted(Comparator.comparing(OptOut::at).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized List<Prescription> remindable() {
        return List.copyOf(remindable);
    }

    @Override
    public synchronized Optional<PlacedAttempt> attempt(long id, int attempt) {
        return attempts.stream().filter(a -> a.notificationId() == id && a.number() == attempt).findFirst()
                .map(this::placed);
    }

    @Override
    public synchronized Optional<PlacedAttempt> attemptByCallSid(String callSid) {
        return attempts.stream().filter(a -> a.callSid().equals(Optional.of(callSid))).findFirst().map(this::placed);
    }

    @Override
    public synchronized void attemptAnsweredBy(long id, int attempt, Answerer answerer) {
        replaceAttempt(id, attempt, a -> new Attempt(a.notificationId(), a.number(), a.phoneNumber(), a.callDay(),
                a.daySlot(), a.startedAt(), a.callSid(), a.outcome(), Optional.of(answerer)));
    }

    @Override
    public synchronized boolean attemptWithdrawn(long id, int attempt, Instant nextAttemptAt, Instant at) {
        Notification n = notifications.get(id);
        Optional<Attempt> started = attempts.stream()
                .filter(a -> a.notificationId() == id && a.number() == attempt).findFirst();
        if (n == null || n.state() != NotificationState.CALLING || started.isEmpty()
                || started.get().callSid().isPresent() || started.get().outcome().isPresent()) {
            return false;
        }
        attempts.remove(started.get());
        daySlots.remove(n.phoneNumber() + "/" + started.get().callDay() + "/" + started.get().daySlot());
        put(id, NotificationState.QUEUED, n.attempts() - 1, nextAttemptAt, n.lastOutcome(), at);
        return true;
    }

    @Override
    public synchronized List<Notification> callingSince(Instant before) {
        return notifications.values().stream()
                .filter(n -> n.state() == NotificationState.CALLING && n.updatedAt().isBefore(before)).toList();
    }

    @Override
    public synchronized Optional<PlacedAttempt> openAttempt(long id) {
        return attempts.stream().filter(a -> a.notificationId() == id && a.outcome().isEmpty()).findFirst()
                .map(this::placed);
    }

    private PlacedAttempt placed(Attempt a) {
        return new PlacedAttempt(notifications.get(a.notificationId()), a.number(), a.startedAt(), a.callSid(),
                a.answeredBy(), a.outcome());
    }

    private void put(long id, NotificationState state, int attemptCount, Instant nextAttemptAt,
                     Optional<CallOutcome> lastOutcome, Instant at) {
        Notification n = notifications.get(id);
        notifications.put(id, new Notification(id, n.kind(), n.subject(), n.patientId(), n.phoneNumber(), state,
                attemptCount, nextAttemptAt, lastOutcome, n.createdAt(), at));
    }

    private void replaceAttempt(long id, int number, java.util.function.UnaryOperator<Attempt> change) {
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            if (a.notificationId() == id && a.number() == number) {
                attempts.set(i, change.apply(a));
            }
        }
    }
}
