package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * The front desk's ports, {@link Handoffs} and {@link Callbacks}: what the domain's in-memory fake promises, the
 * database keeps, on H2 and PostgreSQL. Subclasses only say which stores.
 */
abstract class HandoffsAndCallbacksContractTest {

    static final Instant EVENING = Instant.parse("2026-03-14T19:05:00Z");
    static final String SUMMARY = "Maria Lopez, born 1970-05-02, verified; asks about Rx 1000002 (no refills left).";
    static final int RACERS = 8;

    Handoffs handoffs;
    Callbacks callbacks;

    /** Sets {@link #handoffs} and {@link #callbacks} to stores with nothing in them, new for each test. */
    abstract void openEmptyStores() throws Exception;

    /** Closes what {@link #openEmptyStores} opened. */
    abstract void closeStores();

    @BeforeEach
    void open() throws Exception {
        openEmptyStores();
    }

    @AfterEach
    void close() {
        closeStores();
    }

    // --- handoffs

    @Test
    void aHandoffIsFoundAsKeptAndACallWithoutOneHasNone() {
        var transfer = new Handoff("CA-transfer", Handoff.Kind.TRANSFER, "+15551230001", SUMMARY, true, EVENING);
        var goodbye = new Handoff("CA-goodbye", Handoff.Kind.FINISHED, "", "", false, EVENING.plusSeconds(1));

        handoffs.record(transfer);
        handoffs.record(goodbye);

        assertThat(handoffs.find("CA-transfer"), is(Optional.of(transfer)));
        assertThat(handoffs.find("CA-goodbye"), is(Optional.of(goodbye)));
        assertThat(handoffs.find("CA-nobody"), is(Optional.empty()));
    }

    @Test
    void aSecondHandoffForTheSameCallKeepsTheFirst() {
        var first = new Handoff("CA-1", Handoff.Kind.TRANSFER, "+15551230001", SUMMARY, true, EVENING);

        handoffs.record(first);
        handoffs.record(new Handoff("CA-1", Handoff.Kind.FINISHED, "+15559999999", "later", false,
                EVENING.plusSeconds(5)));

        assertThat(handoffs.find("CA-1"), is(Optional.of(first)));
    }

    @Test
    void handoffsRacingForOneCallKeepOneOfThemAndNoneFails() throws Exception {
        var counter = new AtomicInteger();

        List<Handoff> recorded = race(() -> {
            var handoff = new Handoff("CA-race", Handoff.Kind.TRANSFER, "+15551230001",
                    "racer " + counter.incrementAndGet(), false, EVENING);
            handoffs.record(handoff);
            return handoff;
        });

        assertThat(handoffs.find("CA-race").orElseThrow(), is(oneOf(recorded.toArray())));
    }

    // --- callbacks

    @Test
    void aCallbackIsFiledOpenWithWhatItWasGiven() {
        Callback filed = callbacks.add("CA-1", "+15551230001", SUMMARY, Callback.Reason.CLOSED,
                Optional.of("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"), 17, EVENING);

        assertThat(filed, is(new Callback(filed.id(), "CA-1", "+15551230001", SUMMARY, Callback.Reason.CLOSED,
                Optional.of("https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"), 17, EVENING, true)));
        assertThat(callbacks.list(true, 10), contains(filed));
    }

    @Test
    void aCallerWhoHungUpBeforeTheBeepHasNoRecordingAndNoNegativeLength() {
        Callback silent = callbacks.add("CA-1", "+15551230001", SUMMARY, Callback.Reason.NOBODY_ANSWERED,
                Optional.empty(), 0, EVENING);
        Callback blank = callbacks.add("CA-2", "+15551230002", SUMMARY, Callback.Reason.NO_PHARMACIST,
                Optional.of(" "), -1, EVENING);

        assertThat(silent.recordingUrl(), is(Optional.empty()));
        assertThat(blank.recordingUrl(), is(Optional.empty()));
        assertThat(blank.recordingSeconds(), is(0));
        assertThat(callbacks.list(false, 10), contains(blank, silent));
    }

    @Test
    void aRepeatedRequestForTheSameCallGetsTheCallbackAlreadyFiled() {
        Callback first = callbacks.add("CA-1", "+15551230001", SUMMARY, Callback.Reason.CLOSED,
                Optional.of("https://example.test/RE1"), 17, EVENING);

        Callback again = callbacks.add("CA-1", "+15559999999", "another summary", Callback.Reason.NOBODY_ANSWERED,
                Optional.empty(), 3, EVENING.plusSeconds(30));

        assertThat(again, is(first));
        assertThat(callbacks.list(false, 10), contains(first));
    }

    @Test
    void requestsRacingForOneCallFileOneCallbackAndEveryoneGetsIt() throws Exception {
        List<Callback> filed = race(() -> callbacks.add("CA-race", "+15551230001", SUMMARY,
                Callback.Reason.NOBODY_ANSWERED, Optional.empty(), 0, EVENING));

        List<Callback> listed = callbacks.list(false, 10);
        assertThat(listed, hasSize(1));
        assertThat(filed, everyItem(is(listed.getFirst())));
    }

    @Test
    void theListIsNewestFirstTheOpenOnesByThemselvesAndAtMostTheLimit() {
        Callback oldest = add("CA-1", EVENING.minusSeconds(3600));
        Callback early = add("CA-2", EVENING);
        Callback sameTimeLater = add("CA-3", EVENING);
        Callback newest = add("CA-4", EVENING.plusSeconds(60));
        callbacks.close(sameTimeLater.id(), EVENING.plusSeconds(120));

        assertThat(callbacks.list(false, 10), contains(newest, closed(sameTimeLater), early, oldest));
        assertThat(callbacks.list(true, 10), contains(newest, early, oldest));
        assertThat(callbacks.list(true, 2), contains(newest, early));
        assertThat(callbacks.list(false, 1), contains(newest));
        assertThat(callbacks.list(false, 0), is(empty()));
        assertThat("ids count up", List.of(oldest.id() < early.id(), early.id() < sameTimeLater.id()),
                contains(true, true));
    }

    @Test
    void markingACallbackDoneWorksOnceAndNotForOneThatDoesNotExist() {
        Callback filed = add("CA-1", EVENING);
        Callback other = add("CA-2", EVENING);

        assertThat(callbacks.close(filed.id(), EVENING.plusSeconds(60)), is(true));
        assertThat(callbacks.close(filed.id(), EVENING.plusSeconds(90)), is(false));
        assertThat(callbacks.close(other.id() + 1000, EVENING.plusSeconds(90)), is(false));

        assertThat(callbacks.list(true, 10), contains(other));
        assertThat(callbacks.list(false, 10), contains(other, closed(filed)));
    }

    @Test
    void ofColleaguesMarkingOneCallbackDoneAtOnceOnlyOneIsToldTheyDid() throws Exception {
        Callback filed = add("CA-1", EVENING);

        List<Boolean> closed = race(() -> callbacks.close(filed.id(), EVENING.plusSeconds(60)));

        assertThat(closed.stream().filter(Boolean::booleanValue).count(), is(1L));
        assertThat(callbacks.list(true, 10), is(empty()));
    }

    // --- for the databases' own tests

    /** Values longer than their columns (V6) are clipped, and a NUL dropped, instead of failing the write. */
    static void assertLongValuesAreClipped(Handoffs handoffs, Callbacks callbacks) {
        String sid = "CA" + "1".repeat(998);
        String caller = "+1" + "5".repeat(998);
        String summary = "s\u0000".repeat(1500);
        String url = "https://example.test/" + "r".repeat(2000);

        handoffs.record(new Handoff(sid, Handoff.Kind.TRANSFER, caller, summary, true, EVENING));
        Callback filed = callbacks.add(sid, caller, summary, Callback.Reason.CLOSED, Optional.of(url), 5, EVENING);

        Handoff kept = handoffs.find(sid).orElseThrow();
        assertThat(List.of(kept.callSid(), kept.callerNumber(), kept.summary()),
                contains(sid.substring(0, 64), caller.substring(0, 40), "s".repeat(500)));
        assertThat(List.of(filed.callSid(), filed.callerNumber(), filed.summary(), filed.recordingUrl().orElseThrow()),
                contains(sid.substring(0, 64), caller.substring(0, 40), "s".repeat(500), url.substring(0, 1000)));
        assertThat("the clipped call finds its callback again", callbacks.add(sid, "", "", Callback.Reason.CLOSED,
                Optional.empty(), 0, EVENING).id(), is(filed.id()));
    }

    Callback add(String callSid, Instant at) {
        return callbacks.add(callSid, "+15551230001", SUMMARY, Callback.Reason.NOBODY_ANSWERED, Optional.empty(), 0,
                at);
    }

    private static Callback closed(Callback callback) {
        return new Callback(callback.id(), callback.callSid(), callback.callerNumber(), callback.summary(),
                callback.reason(), callback.recordingUrl(), callback.recordingSeconds(), callback.requestedAt(),
                false);
    }

    private static <T> List<T> race(Callable<T> call) throws Exception {
        return Racers.race(RACERS, call);
    }
}
