package org.pharmacyvoice.domain.outbound;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.fakes.InMemoryOutbound;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.CallingRules;
import org.pharmacyvoice.domain.notification.Cancellation;
import org.pharmacyvoice.domain.notification.DueCall;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.Schedule;

/** The dialler's side of the queue: only calls the rules allow now, each claimed once, attempts counted. */
class OutboundCallsTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final String NUMBER = "+15551230001";

    private final InMemoryDispensary records = new InMemoryDispensary();
    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final InMemoryOutbound outbound = new InMemoryOutbound();
    private final MovableClock clock = new MovableClock(local("2026-01-14T10:00:00"));
    private final OutboundCalls calls = new OutboundCalls(outbound, outbound, records, pharmacy, records,
            CallingRules.customary(ZONE), clock);
    private final OptOuts optOuts = new OptOuts(outbound, outbound, clock);
    private Refill refill;
    private Notification notification;

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    @BeforeEach
    void aRefillIsReady() {
        records.patient(1, "Ruth", "Okafor", LocalDate.of(1961, 3, 3), NUMBER);
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, LocalDate.of(2025, 12, 1), 5, 2, 30,
                LocalDate.of(2025, 12, 15));
        refill = records.queuedElsewhere(new NewRefill("1000001", 1, clock.instant(), clock.instant(),
                Optional.empty()));
        records.colleagueSets(refill.id(), RefillStatus.READY);
        var trigger = (Trigger.Notified) new PickupCalls(outbound, records, records, pharmacy, clock)
                .refillReady(refill.id());
        notification = trigger.queued().notification();
    }

    private Notification current() {
        return outbound.notification(notification.id()).orElseThrow();
    }

    @Test
    void aDueCallIsHandedToOneServerOnlyAndItsAttemptIsCountedBeforeDialling() {
        Optional<DueCall> first = calls.takeNextCall("server-a");
        Optional<DueCall> second = calls.takeNextCall("server-b");

        assertThat(first.orElseThrow().attempt(), is(1));
        assertThat(first.get().notification().id(), is(notification.id()));
        assertThat(second, is(Optional.empty()));
        assertThat(current().state(), is(NotificationState.CALLING));
        assertThat(current().attempts(), is(1));
        assertThat(outbound.claimedBy(notification.id()), is(Optional.of("server-a")));
        assertThat(outbound.callsTo(NUMBER, Instant.EPOCH), contains(clock.instant()));
    }

    @Test
    void anAnsweredCallEndsTheNotification() {
        DueCall call = calls.takeNextCall("server-a").orElseThrow();
        calls.callPlaced(call, "CA-1");

        Notification after = calls.callEnded(call, CallOutcome.ANSWERED);

        assertThat(after.state(), is(NotificationState.ANSWERED));
        assertThat(after.lastOutcome(), is(Optional.of(CallOutcome.ANSWERED)));
        assertThat(outbound.attempts().get(0).callSid(), is(Optional.of("CA-1")));
    }

    @Test
    void noAnswerIsTriedAgainTheNextDayAndThreeEndIt() {
        DueCall first = calls.takeNextCall("server-a").orElseThrow();
        assertThat(calls.callEnded(first, CallOutcome.NO_ANSWER).state(), is(NotificationState.QUEUED));

        clock.set(local("2026-01-14T14:00:00"));
        assertThat("a second call the same day waits", calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(current().nextAttemptAt(), is(local("2026-01-15T08:00:00")));
        assertThat(current().state(), is(NotificationState.QUEUED));

        clock.set(local("2026-01-15T08:00:00"));
        DueCall second = calls.takeNextCall("server-b").orElseThrow();
        assertThat(second.attempt(), is(2));
        calls.callEnded(second, CallOutcome.BUSY);

        clock.set(local("2026-01-16T09:00:00"));
        DueCall third = calls.takeNextCall("server-a").orElseThrow();
        Notification after = calls.callEnded(third, CallOutcome.NO_ANSWER);

        assertThat(third.attempt(), is(3));
        assertThat(after.state(), is(NotificationState.NO_ANSWER));
        assertThat(after.attempts(), is(3));
        clock.set(local("2026-01-17T09:00:00"));
        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(outbound.attempts(), hasSize(3));
    }

    @Test
    void outsideCallingHoursTheCallWaitsQueued() {
        clock.set(local("2026-01-14T21:00:00"));

        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(current().state(), is(NotificationState.QUEUED));
        assertThat(current().nextAttemptAt(), is(local("2026-01-15T08:00:00")));
        assertThat(outbound.attempts(), hasSize(0));
    }

    @Test
    void aNumberCalledTodayByAnotherServerForAnotherReasonWaitsForTomorrow() {
        outbound.calledElsewhere(NUMBER, LocalDate.of(2026, 1, 14), local("2026-01-14T09:00:00"));

        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(current().nextAttemptAt(), is(local("2026-01-15T08:00:00")));
    }

    @Test
    void anOptOutBetweenAttemptsEndsQueuedCallsAtOnceAndStopsOneInProgressFromBeingRetried() {
        DueCall first = calls.takeNextCall("server-a").orElseThrow();
        // The patient presses "stop" during the first call: it is being called, so it is not ended yet ...
        optOuts.optOut("(555) 123-0001", "call");
        assertThat(current().state(), is(NotificationState.CALLING));
        calls.callEnded(first, CallOutcome.NO_ANSWER);

        clock.set(local("2026-01-15T09:00:00"));
        // ... but the next attempt is never made.
        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(current().state(), is(NotificationState.OPTED_OUT));
        assertThat(outbound.attempts(), hasSize(1));
        assertThat(optOuts.optedOut("+1 555 123 0001").map(OptOut::source), is(Optional.of("call")));
    }

    @Test
    void staffListingANumberEndsItsQueuedCallsAtOnce() {
        OptOut listed = optOuts.optOut("+15551230001", "staff");

        assertThat(listed.phoneNumber(), is(NUMBER));
        assertThat(current().state(), is(NotificationState.OPTED_OUT));
        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(optOuts.optOut("555-123-0001", "call").source(), is("staff"));
        assertThat(optOuts.optOuts(10), hasSize(1));
    }

    @Test
    void aRefillPickedUpBeforeTheCallIsNotCalledAbout() {
        records.colleagueSets(refill.id(), RefillStatus.PICKED_UP);

        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
        assertThat(current().state(), is(NotificationState.CANCELLED));
        assertThat(outbound.attempts(), hasSize(0));
    }

    @Test
    void staffCancelAQueuedCallButNotOneBeingDialled() {
        assertThat(calls.cancel(notification.id()), instanceOf(Cancellation.Cancelled.class));
        assertThat(current().state(), is(NotificationState.CANCELLED));
        assertThat(calls.cancel(notification.id()), instanceOf(Cancellation.NotQueued.class));
        assertThat(calls.cancel(999), is(new Cancellation.NoSuchNotification(999)));
        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
    }

    @Test
    void staffListTheQueueByState() {
        calls.takeNextCall("server-a");

        assertThat(calls.notifications(Optional.of(NotificationState.CALLING), 10).stream()
                .map(Notification::id).toList(), contains(notification.id()));
        assertThat(calls.notifications(Optional.of(NotificationState.QUEUED), 10), hasSize(0));
        assertThat(calls.notifications(Optional.empty(), 0), hasSize(0));
    }

    @Test
    void aLateOutcomeForACallNoLongerInProgressChangesNothing() {
        DueCall call = calls.takeNextCall("server-a").orElseThrow();
        calls.callEnded(call, CallOutcome.VOICEMAIL);

        Notification after = calls.callEnded(call, CallOutcome.FAILED);

        assertThat(after.state(), is(NotificationState.VOICEMAIL));
        clock.advance(Duration.ofDays(1));
        assertThat(calls.takeNextCall("server-a"), is(Optional.empty()));
    }
}
