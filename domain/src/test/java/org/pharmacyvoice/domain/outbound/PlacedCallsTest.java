package org.pharmacyvoice.domain.outbound;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.dispensary.IdentityDesk;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.fakes.InMemoryOutbound;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.notification.AnswerPlan;
import org.pharmacyvoice.domain.notification.Answerer;
import org.pharmacyvoice.domain.notification.CallOutcome;
import org.pharmacyvoice.domain.notification.CallProgress;
import org.pharmacyvoice.domain.notification.CallingRules;
import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.notification.Notification;
import org.pharmacyvoice.domain.notification.NotificationState;
import org.pharmacyvoice.domain.notification.Requeue;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.outbound.port.out.CallAttempt;
import org.pharmacyvoice.domain.outbound.port.out.CallCheck;
import org.pharmacyvoice.domain.outbound.port.out.CallRequest;
import org.pharmacyvoice.domain.outbound.port.out.OutboundMetrics;
import org.pharmacyvoice.domain.outbound.port.out.PhoneNetwork;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.prescription.NewRefill;
import org.pharmacyvoice.domain.prescription.Refill;
import org.pharmacyvoice.domain.prescription.RefillStatus;
import org.pharmacyvoice.domain.prescription.Schedule;
import org.pharmacyvoice.domain.telephony.Errand;

/** A ready refill's call from the dialler to its end: placed once, answered or voicemail, the message behind the DOB. */
class PlacedCallsTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final String NUMBER = "+15551230001";
    private static final String PHARMACY_NUMBER = "+15559870000";
    private static final LocalDate BORN = LocalDate.of(1961, 3, 3);

    private final InMemoryDispensary records = new InMemoryDispensary();
    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final InMemoryOutbound outbound = new InMemoryOutbound();
    private final MovableClock clock = new MovableClock(local("2026-01-14T10:00:00"));
    private final OutboundSettings settings = new OutboundSettings("Maple Pharmacy", PHARMACY_NUMBER,
            Duration.ofSeconds(25), Duration.ofMinutes(5), Duration.ofHours(2));
    private final OutboundCalls calls = new OutboundCalls(outbound, outbound, records, pharmacy, records,
            CallingRules.customary(ZONE), clock);
    private final OptOuts optOuts = new OptOuts(outbound, outbound, clock);
    private final Network network = new Network();
    private final Errands errands = new Errands(outbound, optOuts, records, records, records, pharmacy, settings);
    private final Dialler dialler = new Dialler(calls, outbound, network, settings, OutboundMetrics.none(), clock);
    private final PlacedCalls placed = new PlacedCalls(outbound, calls, network, errands,
            OutboundMetrics.none());
    private Notification notification;

    /** The phone network, answering each request as scripted (placed as CA-1, CA-2, ... by default). */
    private static final class Network implements PhoneNetwork {
        final Deque<CallAttempt> answers = new ArrayDeque<>();
        final List<CallRequest> requests = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        CallCheck check = new CallCheck.NotFound();

        @Override
        public synchronized CallAttempt placeCall(CallRequest request) {
            requests.add(request);
            CallAttempt next = answers.pollFirst();
            return next != null ? next : new CallAttempt.Placed("CA-" + requests.size());
        }

        @Override
        public CallCheck recentCallTo(String to, Instant since) {
            return check;
        }

        @Override
        public synchronized boolean endWithWords(String callSid, String words) {
            ended.add(callSid + ": " + words);
            return true;
        }
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    @BeforeEach
    void aRefillIsReady() {
        records.patient(1, "Ruth", "Okafor", BORN, NUMBER);
        records.prescription("1000001", 1, "atorvastatin", Schedule.NONE, LocalDate.of(2025, 12, 1), 5, 2, 30,
                LocalDate.of(2025, 12, 15));
        Refill refill = records.queuedElsewhere(new NewRefill("1000001", 1, clock.instant(), clock.instant(),
                Optional.empty()));
        records.colleagueSets(refill.id(), RefillStatus.READY);
        notification = ((Trigger.Notified) new PickupCalls(outbound, records, records, pharmacy, clock)
                .refillReady(refill.id())).queued().notification();
    }

    private Notification current() {
        return outbound.notification(notification.id()).orElseThrow();
    }

    @Test
    void theDiallerPlacesTheCallFromThePharmacysNumberNamingTheAttempt() {
        assertThat(dialler.dialDue("server-a", 10), is(1));
        assertThat(dialler.dialDue("server-b", 10), is(0));

        assertThat(network.requests, hasSize(1));
        CallRequest request = network.requests.getFirst();
        assertThat(request.to(), is(NUMBER));
        assertThat(request.from(), is(PHARMACY_NUMBER));
        assertThat(request.notificationId(), is(notification.id()));
        assertThat(request.attempt(), is(1));
        assertThat(outbound.attempts().getFirst().callSid(), is(Optional.of("CA-1")));
    }

    @Test
    void aPersonWhoProvesTheirDateOfBirthHearsTheMessageAndNobodyElseDoes() {
        dialler.dialDue("server-a", 10);
        assertThat(placed.answered(notification.id(), 1, "CA-1"), instanceOf(AnswerPlan.Connect.class));

        Errand errand = errands.errandOf("CA-1").orElseThrow();
        assertThat(errand.greeting(), containsString("Maple Pharmacy"));
        assertThat(errand.greeting(), containsString("Ruth"));
        assertThat(errand.greeting() + errand.instructions(), not(containsString("atorvastatin")));
        assertThat(errand.patientId(), is(Optional.of(1L)));

        var caller = new CallerIdentity("CA-1", errand.patientId());
        assertThat(errands.message("CA-1", caller), instanceOf(ErrandMessage.NotVerified.class));
        var desk = new IdentityDesk(records, records, clock);
        assertThat(desk.verifyCaller(IdentityClaim.of("", BORN.plusDays(1)), caller),
                instanceOf(Verification.NoMatch.class));
        assertThat(errands.message("CA-1", caller), instanceOf(ErrandMessage.NotVerified.class));
        assertThat(desk.verifyCaller(IdentityClaim.of("", BORN), caller), instanceOf(Verification.Verified.class));

        var message = (ErrandMessage.Message) errands.message("CA-1", caller);
        assertThat(message.text(), containsString("atorvastatin"));
        assertThat(message.text(), containsString("1000001"));
        assertThat(message.text(), containsString("ready to pick up"));

        placed.answeredBy(notification.id(), 1, "CA-1", Answerer.PERSON);
        placed.progressed(notification.id(), 1, "CA-1", CallProgress.COMPLETED);
        assertThat(current().state(), is(NotificationState.ANSWERED));
        assertThat(network.ended, is(empty()));
    }

    @Test
    void anotherPatientWithTheRightDateOfBirthCannotVerifyOnThisCall() {
        records.patient(2, "Ruth", "Other", BORN, "+15551230002");
        dialler.dialDue("server-a", 10);
        var caller = new CallerIdentity("CA-1", Optional.of(1L));
        var desk = new IdentityDesk(records, records, clock);

        assertThat(desk.verifyCaller(IdentityClaim.of("Ruth Other", BORN), caller),
                instanceOf(Verification.NoMatch.class));
        assertThat(errands.message("CA-1", caller), instanceOf(ErrandMessage.NotVerified.class));
    }

    @Test
    void aMachineGetsTheVoicemailWithoutHealthInformationAndTheNotificationEndsAsVoicemail() {
        dialler.dialDue("server-a", 10);
        placed.answered(notification.id(), 1, "CA-1");

        placed.answeredBy(notification.id(), 1, "CA-1", Answerer.MACHINE);
        placed.progressed(notification.id(), 1, "CA-1", CallProgress.COMPLETED);

        assertThat(network.ended, hasSize(1));
        String voicemail = network.ended.getFirst();
        assertThat(voicemail, containsString("CA-1: Hello, this is Maple Pharmacy with a message for Ruth."));
        assertThat(voicemail, containsString("5 5 5, 9 8 7, 0 0 0 0"));
        assertThat(voicemail, not(containsString("atorvastatin")));
        assertThat(voicemail, not(containsString("1000001")));
        assertThat(voicemail, not(containsString("refill")));
        assertThat(current().state(), is(NotificationState.VOICEMAIL));
    }

    @Test
    void noAnswerQueuesItAgainForTomorrowAndRepeatedWebhooksChangeNothing() {
        dialler.dialDue("server-a", 10);

        placed.progressed(notification.id(), 1, "CA-1", CallProgress.RINGING);
        assertThat(current().state(), is(NotificationState.CALLING));
        placed.progressed(notification.id(), 1, "CA-1", CallProgress.NO_ANSWER);
        placed.progressed(notification.id(), 1, "CA-1", CallProgress.NO_ANSWER);

        assertThat(current().state(), is(NotificationState.QUEUED));
        assertThat(current().attempts(), is(1));
        assertThat(current().lastOutcome(), is(Optional.of(CallOutcome.NO_ANSWER)));
        assertThat(current().nextAttemptAt(), is(local("2026-01-14T12:00:00")));
        clock.set(local("2026-01-14T12:00:00"));
        assertThat("one call a day to a number", dialler.dialDue("server-a", 10), is(0));
        assertThat(current().nextAttemptAt(), is(local("2026-01-15T08:00:00")));
        clock.set(local("2026-01-15T08:00:00"));
        assertThat(dialler.dialDue("server-a", 10), is(1));
        assertThat(network.requests.getLast().attempt(), is(2));
    }

    @Test
    void aWebhookForAnotherCallSidIsNotOurs() {
        dialler.dialDue("server-a", 10);

        assertThat(placed.answered(notification.id(), 1, "CA-other"), instanceOf(AnswerPlan.HangUp.class));
        placed.progressed(notification.id(), 1, "CA-other", CallProgress.COMPLETED);
        placed.answered(notification.id(), 7, "CA-1");

        assertThat(current().state(), is(NotificationState.CALLING));
    }

    @Test
    void anAnswerWebhookBeforeTheNetworksReplyRecordsTheCallSid() {
        network.answers.add(new CallAttempt.Unreachable("read timed out", true));
        network.check = new CallCheck.Unknown("list failed too");
        dialler.dialDue("server-a", 10);
        assertThat(outbound.attempts().getFirst().callSid(), is(Optional.empty()));

        assertThat(placed.answered(notification.id(), 1, "CA-late"), instanceOf(AnswerPlan.Connect.class));

        assertThat(outbound.attempts().getFirst().callSid(), is(Optional.of("CA-late")));
        assertThat(errands.errandOf("CA-late").isPresent(), is(true));
    }

    @Test
    void whenTheNetworkSurelyTookNothingTheAttemptIsWithdrawnAndTriedAgainSoon() {
        network.answers.add(new CallAttempt.Unreachable("HTTP 503 three times", false));

        assertThat(dialler.dialDue("server-a", 10), is(0));

        assertThat(current().state(), is(NotificationState.QUEUED));
        assertThat(current().attempts(), is(0));
        assertThat(outbound.attempts(), is(empty()));
        clock.set(local("2026-01-14T10:05:00"));
        assertThat(dialler.dialDue("server-a", 10), is(1));
        assertThat(network.requests, hasSize(2));
        assertThat(current().attempts(), is(1));
    }

    @Test
    void aLostAnswerIsLookedForBeforeCallingAgain() {
        network.answers.add(new CallAttempt.Unreachable("connection reset", true));
        network.check = new CallCheck.Found("CA-found");

        assertThat(dialler.dialDue("server-a", 10), is(1));

        assertThat(network.requests, hasSize(1));
        assertThat(outbound.attempts().getFirst().callSid(), is(Optional.of("CA-found")));
        assertThat(current().state(), is(NotificationState.CALLING));
    }

    @Test
    void aLostAnswerNobodyCanSettleStaysOpenAndIsCountedAsFailedAfterTheLease() {
        network.answers.add(new CallAttempt.Unreachable("connection reset", true));
        network.check = new CallCheck.Unknown("HTTP 500");
        dialler.dialDue("server-a", 10);
        assertThat(current().state(), is(NotificationState.CALLING));

        clock.set(local("2026-01-14T11:00:00"));
        assertThat(dialler.settleAbandoned(), is(0));
        clock.set(local("2026-01-14T12:00:01"));
        assertThat(dialler.settleAbandoned(), is(1));

        assertThat(current().state(), is(NotificationState.QUEUED));
        assertThat(current().lastOutcome(), is(Optional.of(CallOutcome.FAILED)));
        assertThat(current().attempts(), is(1));
        assertThat(network.requests, hasSize(1));
    }

    @Test
    void refusedCredentialsMarkTheNotificationFailedAndStaffCanQueueItAgain() {
        network.answers.add(new CallAttempt.Refused("HTTP 401: Authenticate (20003); check TWILIO_API_KEY_SECRET",
                false));

        assertThat(dialler.dialDue("server-a", 10), is(0));
        assertThat(current().state(), is(NotificationState.FAILED));
        assertThat(dialler.dialDue("server-a", 10), is(0));

        assertThat(calls.requeue(notification.id()), instanceOf(Requeue.Requeued.class));
        clock.set(local("2026-01-15T09:00:00"));
        assertThat(dialler.dialDue("server-a", 10), is(1));
        assertThat(network.requests.getLast().attempt(), is(2));
        assertThat(calls.requeue(notification.id()), instanceOf(Requeue.NotFailed.class));
        assertThat(calls.requeue(999), instanceOf(Requeue.NoSuchNotification.class));
    }

    @Test
    void askingForNoMoreCallsListsTheNumberCalledNotTheCallersClaim() {
        dialler.dialDue("server-a", 10);

        var listed = (NoMoreCalls.Listed) errands.noMoreCalls("CA-1");
        assertThat(listed.optOut().phoneNumber(), is(NUMBER));
        assertThat(errands.noMoreCalls("CA-inbound"), instanceOf(NoMoreCalls.NotAPlacedCall.class));
        assertThat(errands.pressedForNoMoreCalls("CA-1"), is(true));
        assertThat(optOuts.optedOut(NUMBER).isPresent(), is(true));
    }

    @Test
    void outsideCallingHoursNothingIsDialled() {
        clock.set(local("2026-01-14T21:00:00"));
        assertThat(dialler.dialDue("server-a", 10), is(0));
        assertThat(network.requests, is(empty()));
        clock.set(local("2026-01-15T08:00:00"));
        assertThat(dialler.dialDue("server-a", 10), is(1));
    }

    @Test
    void theCallbackNumberIsReadDigitByDigit() {
        assertThat(ErrandWords.spoken("+15559870000"), is("5 5 5, 9 8 7, 0 0 0 0"));
    }
}
