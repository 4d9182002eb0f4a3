package org.pharmacyvoice.adapters.functions;

import static org.pharmacyvoice.adapters.functions.ColumnText.clip;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.NewNotification;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.PlacedAttempt;
import org.pharmacyvoice.domain.notification.Queued;
import org.pharmacyvoice.domain.notification.Subject;
import org.pharmacyvoice.domain.outbound.port.out.NotificationBook;

/**
 * The notification book on the notification and notification_attempt tables. Claims are a conditional UPDATE of one
 * queued row (portable, and race-safe on both databases: a second server's UPDATE waits for the first and then finds
 * the row no longer queued), rather than {@code FOR UPDATE SKIP LOCKED}, which H2 does not offer alike. Every write
 * is a transaction of its own, durable before it returns.
 */
final class JdbiNotificationBook implements NotificationBook {

    /** Column sizes from V8__outbound_notifications.sql. */
    private static final int MAX_SERVER = 100;
    private static final int MAX_SID = 64;
    /** Due notifications one claim looks at: servers racing for the first go on to the next. */
    private static final int CLAIM_CANDIDATES = 16;

    private static final String SELECT_NOTIFICATIONS = """
            SELECT id, kind, refill_id, order_id, rx_number, fill_date, patient_id, phone_number, state, attempts,
                   next_attempt_at, last_outcome, created_at, updated_at
            FROM notification
            """;

    private static final RowMapper<Notification> NOTIFICATION_ROWS = (row, context) -> {
        String kind = row.getString("kind");
        String state = row.getString("state");
        String lastOutcome = row.getString("last_outcome");
        return new Notification(
                row.getLong("id"),
                NotificationKind.fromCode(kind).orElseThrow(() -> new IllegalStateException(
                        "unknown notification kind in the database: " + kind)),
                subject(row.getObject("refill_id", Long.class), row.getObject("order_id", Long.class),
                        row.getString("rx_number"), row.getObject("fill_date", LocalDate.class)),
                Optional.ofNullable(row.getObject("patient_id", Long.class)),
                row.getString("phone_number"),
                NotificationState.fromCode(state).orElseThrow(() -> new IllegalStateException(
                        "unknown notification state in the database: " + state)),
                row.getInt("attempts"),
                instant(row.getObject("next_attempt_at", OffsetDateTime.class)),
                Optional.ofNullable(lastOutcome).map(code -> CallOutcome.fromCode(code).orElseThrow(
                        () -> new IllegalStateException("unknown call outcome in the database: " + code))),
                instant(row.getObject("created_at", OffsetDateTime.class)),
                instant(row.getObject("updated_at", OffsetDateTime.class)));
    };

    /** An attempt with its notification as it is now, in one read. */
    private static final String SELECT_ATTEMPTS = """
            SELECT n.id, n.kind, n.refill_id, n.order_id, n.rx_number, n.fill_date, n.patient_id, n.phone_number,
                   n.state, n.attempts, n.next_attempt_at, n.last_outcome, n.created_at, n.updated_at,
                   a.attempt, a.started_at, a.call_sid, a.answered_by, a.outcome
            FROM notification_attempt a JOIN notification n ON n.id = a.notification_id
            """;

    private static final RowMapper<PlacedAttempt> ATTEMPT_ROWS = (row, context) -> {
        String answeredBy = row.getString("answered_by");
        String outcome = row.getString("outcome");
        return new PlacedAttempt(
                NOTIFICATION_ROWS.map(row, context),
                row.getInt("attempt"),
                instant(row.getObject("started_at", OffsetDateTime.class)),
                Optional.ofNullable(row.getString("call_sid")),
                Optional.ofNullable(answeredBy).map(code -> Answerer.fromCode(code).orElseThrow(
                        () -> new IllegalStateException("unknown answerer in the database: " + code))),
                Optional.ofNullable(outcome).map(code -> CallOutcome.fromCode(code).orElseThrow(
                        () -> new IllegalStateException("unknown call outcome in the database: " + code))));
    };

    private final Jdbi jdbi;

    JdbiNotificationBook(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Queued queue(NewNotification request) {
        // A repeated trigger finds its notification here, without a refused insert in the server's log.
        Optional<Notification> queued = forSubject(request.subject());
        if (queued.isPresent()) {
            return new Queued(queued.get(), false);
        }
        try {
            return new Queued(jdbi.inTransaction(handle -> {
                long id = handle.createUpdate("""
                                INSERT INTO notification (kind, refill_id, order_id, rx_number, fill_date, patient_id,
                                                          phone_number, state, attempts, next_attempt_at, created_at,
                                                          updated_at)
                                VALUES (:kind, :refill, :order, :rx, :fill, :patient, :phone, 'queued', 0, :at, :at,
                                        :at)""")
                        .bind("kind", request.kind().code())
                        .bind("refill", request.subject() instanceof Subject.ReadyRefill r ? r.refillId() : null)
                        .bind("order", request.subject() instanceof Subject.ReadyOrder o ? o.orderId() : null)
                        .bind("rx", request.subject() instanceof Subject.RunningOut f ? f.rxNumber() : null)
                        .bind("fill", request.subject() instanceof Subject.RunningOut f ? f.filledOn() : null)
                        .bind("patient", request.patientId().orElse(null))
                        .bind("phone", request.phoneNumber())
                        .bind("at", utc(request.queuedAt()))
                        .executeAndReturnGeneratedKeys()
                        .map((row, context) -> row.getLong("id"))
                        .one();
                return byId(handle, id).orElseThrow();
            }), true);
        } catch (RuntimeException e) {
            if (!UniqueViolation.in(e)) {
                throw e;
            }
            // Another colleague, request or server queued it at the same moment, and theirs was first. The message
            // leaves the subject out: a reminder's names an Rx number.
            return new Queued(forSubject(request.subject()).orElseThrow(() -> new IllegalStateException(
                    "a " + request.kind().code() + " notification was refused as a duplicate, but none is queued for "
                            + "its subject", e)), false);
        }
    }

    @Override
    public Optional<Notification> notification(long id) {
        return jdbi.withHandle(handle -> byId(handle, id));
    }

    @Override
    public List<Notification> list(Optional<NotificationState> state, int limit) {
        if (limit < 1) {
            return List.of();
        }
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(SELECT_NOTIFICATIONS + (state.isPresent() ? "WHERE state = :state " : "")
                    + "ORDER BY created_at DESC, id DESC");
            state.ifPresent(s -> query.bind("state", s.code()));
            return query.setMaxRows(limit).map(NOTIFICATION_ROWS).list();
        });
    }

    @Override
    public Optional<Notification> claimNext(String serverId, Instant now) {
        List<Long> due = jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id FROM notification WHERE state = 'queued' AND next_attempt_at <= :now
                        ORDER BY next_attempt_at, id FETCH FIRST""" + " " + CLAIM_CANDIDATES + " ROWS ONLY")
                .bind("now", utc(now))
                .mapTo(Long.class)
                .list());
        for (long id : due) {
            boolean claimed = jdbi.inTransaction(handle -> handle.createUpdate("""
                            UPDATE notification SET state = 'calling', claimed_by = :server, claimed_at = :now,
                                                    updated_at = :now
                            WHERE id = :id AND state = 'queued'""")
                    .bind("server", clip(serverId, MAX_SERVER))
                    .bind("now", utc(now))
                    .bind("id", id)
                    .execute() == 1);
            if (claimed) {
                return notification(id);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean move(long id, NotificationState expected, NotificationState next, Instant at) {
        return jdbi.inTransaction(handle -> handle.createUpdate("""
                        UPDATE notification SET state = :next, updated_at = :at WHERE id = :id AND state = :expected""")
                .bind("next", next.code())
                .bind("expected", expected.code())
                .bind("at", utc(at))
                .bind("id", id)
                .execute() == 1);
    }

    @Override
    public boolean release(long id, Instant nextAttemptAt, Instant at) {
        return jdbi.inTransaction(handle -> handle.createUpdate("""
                        UPDATE notification SET state = 'queued', next_attempt_at = :next, updated_at = :at
                        WHERE id = :id AND state = 'calling'""")
                .bind("next", utc(nextAttemptAt))
                .bind("at", utc(at))
                .bind("id", id)
                .execute() == 1);
    }

    @Override
    public Optional<Integer> startAttempt(long id, LocalDate callDay, int perDay, Instant at) {
        for (int slot = 1; slot <= perDay; slot++) {
            int daySlot = slot;
            try {
                return jdbi.inTransaction(handle -> {
                    Optional<Notification> calling = byId(handle, id)
                            .filter(n -> n.state() == NotificationState.CALLING);
                    if (calling.isEmpty()) {
                        return Optional.of(-1);
                    }
                    int attempt = calling.get().attempts() + 1;
                    if (handle.createUpdate("""
                                    UPDATE notification SET attempts = :attempt, updated_at = :at
                                    WHERE id = :id AND state = 'calling' AND attempts = :before""")
                            .bind("attempt", attempt)
                            .bind("before", attempt - 1)
                            .bind("at", utc(at))
                            .bind("id", id)
                            .execute() != 1) {
                        return Optional.of(-1);
                    }
                    handle.createUpdate("""
                                    INSERT INTO notification_attempt (notification_id, attempt, phone_number, call_day,
                                                                      day_slot, started_at)
                                    VALUES (:id, :attempt, :phone, :day, :slot, :at)""")
                            .bind("id", id)
                            .bind("attempt", attempt)
                            .bind("phone", calling.get().phoneNumber())
                            .bind("day", callDay)
                            .bind("slot", daySlot)
                            .bind("at", utc(at))
                            .execute();
                    return Optional.of(attempt);
                }).filter(attempt -> attempt > 0);
            } catch (RuntimeException e) {
                if (!UniqueViolation.in(e)) {
                    throw e;
                }
                // That place of the number's day is taken (by this notification's server or another): the next.
            }
        }
        return Optional.empty();
    }

    @Override
    public void attemptPlaced(long id, int attempt, String callSid) {
        // Setting the SID the attempt already has changes nothing: the dialler and Twilio's answer webhook may both
        // record it. The unique key refuses a SID another attempt has.
        try {
            jdbi.useTransaction(handle -> handle.createUpdate("""
                            UPDATE notification_attempt SET call_sid = :sid
                            WHERE notification_id = :id AND attempt = :attempt""")
                    .bind("sid", clip(callSid, MAX_SID))
                    .bind("id", id)
                    .bind("attempt", attempt)
                    .execute());
        } catch (RuntimeException e) {
            if (!UniqueViolation.in(e)) {
                throw e;
            }
            throw new IllegalStateException("call " + clip(callSid, MAX_SID) + " belongs to another attempt than "
                    + attempt + " of notification " + id, e);
        }
    }

    @Override
    public boolean attemptEnded(long id, int attempt, CallOutcome outcome, NotificationState next,
                                Instant nextAttemptAt, Instant at) {
        return jdbi.inTransaction(handle -> {
            boolean moved = handle.createUpdate("""
                            UPDATE notification SET state = :next, next_attempt_at = :nextAt, last_outcome = :outcome,
                                                    updated_at = :at
                            WHERE id = :id AND state = 'calling'""")
                    .bind("next", next.code())
                    .bind("nextAt", utc(nextAttemptAt))
                    .bind("outcome", outcome.code())
                    .bind("at", utc(at))
                    .bind("id", id)
                    .execute() == 1;
            if (moved) {
                handle.createUpdate("""
                                UPDATE notification_attempt SET outcome = :outcome, ended_at = :at
                                WHERE notification_id = :id AND attempt = :attempt""")
                        .bind("outcome", outcome.code())
                        .bind("at", utc(at))
                        .bind("id", id)
                        .bind("attempt", attempt)
                        .execute();
            }
            return moved;
        });
    }

    @Override
    public List<Instant> callsTo(String phoneNumber, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT started_at FROM notification_attempt
                        WHERE phone_number = :phone AND started_at >= :since ORDER BY started_at""")
                .bind("phone", phoneNumber)
                .bind("since", utc(since))
                .map((row, context) -> instant(row.getObject("started_at", OffsetDateTime.class)))
                .list());
    }

    @Override
    public int optOutQueued(String phoneNumber, Instant at) {
        return jdbi.inTransaction(handle -> handle.createUpdate("""
                        UPDATE notification SET state = 'opted_out', updated_at = :at
                        WHERE phone_number = :phone AND state = 'queued'""")
                .bind("phone", phoneNumber)
                .bind("at", utc(at))
                .execute());
    }

    @Override
    public Optional<PlacedAttempt> attempt(long id, int attempt) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_ATTEMPTS
                        + "WHERE a.notification_id = :id AND a.attempt = :attempt")
                .bind("id", id)
                .bind("attempt", attempt)
                .map(ATTEMPT_ROWS)
                .findOne());
    }

    @Override
    public Optional<PlacedAttempt> attemptByCallSid(String callSid) {
        // Clipped as attemptPlaced stored it.
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_ATTEMPTS + "WHERE a.call_sid = :sid")
                .bind("sid", clip(callSid, MAX_SID))
                .map(ATTEMPT_ROWS)
                .findOne());
    }

    @Override
    public void attemptAnsweredBy(long id, int attempt, Answerer answerer) {
        jdbi.useTransaction(handle -> handle.createUpdate("""
                        UPDATE notification_attempt SET answered_by = :answerer
                        WHERE notification_id = :id AND attempt = :attempt""")
                .bind("answerer", answerer.code())
                .bind("id", id)
                .bind("attempt", attempt)
                .execute());
    }

    @Override
    public boolean attemptWithdrawn(long id, int attempt, Instant nextAttemptAt, Instant at) {
        // The notification's row first, as attemptEnded does: whichever of the two updates it first wins, the other
        // then finds it no longer calling. attemptPlaced writes only the attempt's row, so the delete checks again
        // that no SID arrived meanwhile, and a SID that did undoes the whole change.
        return jdbi.inTransaction(handle -> {
            boolean queued = handle.createUpdate("""
                            UPDATE notification SET state = 'queued', attempts = attempts - 1, next_attempt_at = :next,
                                                    updated_at = :at
                            WHERE id = :id AND state = 'calling' AND EXISTS (
                                SELECT 1 FROM notification_attempt
                                WHERE notification_id = :id AND attempt = :attempt AND call_sid IS NULL
                                  AND outcome IS NULL)""")
                    .bind("next", utc(nextAttemptAt))
                    .bind("at", utc(at))
                    .bind("id", id)
                    .bind("attempt", attempt)
                    .execute() == 1;
            if (!queued) {
                return false;
            }
            boolean removed = handle.createUpdate("""
                            DELETE FROM notification_attempt
                            WHERE notification_id = :id AND attempt = :attempt AND call_sid IS NULL
                              AND outcome IS NULL""")
                    .bind("id", id)
                    .bind("attempt", attempt)
                    .execute() == 1;
            if (!removed) {
                handle.rollback();
            }
            return removed;
        });
    }

    @Override
    public List<Notification> callingSince(Instant before) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_NOTIFICATIONS
                        + "WHERE state = 'calling' AND updated_at < :before ORDER BY id")
                .bind("before", utc(before))
                .map(NOTIFICATION_ROWS)
                .list());
    }

    @Override
    public Optional<PlacedAttempt> openAttempt(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_ATTEMPTS
                        + "WHERE a.notification_id = :id AND a.outcome IS NULL ORDER BY a.attempt FETCH FIRST 1 ROWS ONLY")
                .bind("id", id)
                .map(ATTEMPT_ROWS)
                .findOne());
    }

    private Optional<Notification> forSubject(Subject subject) {
        return jdbi.withHandle(handle -> {
            Query query = switch (subject) {
                case Subject.ReadyRefill r -> handle.createQuery(SELECT_NOTIFICATIONS + "WHERE refill_id = :refill")
                        .bind("refill", r.refillId());
                case Subject.ReadyOrder o -> handle.createQuery(SELECT_NOTIFICATIONS + "WHERE order_id = :order")
                        .bind("order", o.orderId());
                case Subject.RunningOut f -> handle.createQuery(SELECT_NOTIFICATIONS
                                + "WHERE rx_number = :rx AND fill_date = :fill")
                        .bind("rx", f.rxNumber())
                        .bind("fill", f.filledOn());
            };
            return query.map(NOTIFICATION_ROWS).findOne();
        });
    }

    private static Optional<Notification> byId(Handle handle, long id) {
        return handle.createQuery(SELECT_NOTIFICATIONS + "WHERE id = :id")
                .bind("id", id)
                .map(NOTIFICATION_ROWS)
                .findOne();
    }

    private static Subject subject(Long refillId, Long orderId, String rxNumber, LocalDate fillDate) {
        if (refillId != null) {
            return new Subject.ReadyRefill(refillId);
        }
        if (orderId != null) {
            return new Subject.ReadyOrder(orderId);
        }
        return new Subject.RunningOut(rxNumber, fillDate);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at.toInstant();
    }
}
