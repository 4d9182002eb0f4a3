package org.pharmacyvoice.domain.frontdesk;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.telephony.AfterStream;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.DialOutcome;
import org.pharmacyvoice.domain.telephony.Handoff;

/** Where a call goes after its stream, as a front desk decides: by the handoff, the hours and who answered. */
class FrontDeskTest {

    /** A Tuesday, 15:00 in New York: open. */
    private static final Instant OPEN = Instant.parse("2026-12-01T20:00:00Z");
    /** The same Tuesday, 21:00 in New York: closed. */
    private static final Instant CLOSED = Instant.parse("2026-12-02T02:00:00Z");
    private static final OpeningHours HOURS = OpeningHours.parse("Mon-Fri 09:00-19:00; Sat 09:00-17:00",
            ZoneId.of("America/New_York"));
    private static final String PHARMACIST = "+15559990000";

    private final Kept kept = new Kept();

    @Test
    void aTransferWhileOpenRingsThePharmacistAnnouncedOnlyWhenTheAgentDidNotSayIt() {
        kept.record(handoff("CA1", Handoff.Kind.TRANSFER, true));
        kept.record(handoff("CA2", Handoff.Kind.TRANSFER, false));

        assertThat(desk(OPEN, PHARMACIST).afterStream("CA1", "+15551230000"),
                equalTo(new AfterStream.Transfer(PHARMACIST, "CA1", "")));
        assertThat(desk(OPEN, PHARMACIST).afterStream("CA2", "+15551230000"),
                equalTo(new AfterStream.Transfer(PHARMACIST, "CA2",
                        "Connecting you to a pharmacist now. Please hold.")));
    }

    @Test
    void aTransferWhileClosedOrWithoutAPharmacistNumberGoesToTheVoicemail() {
        kept.record(handoff("CA1", Handoff.Kind.TRANSFER, true));
        var settings = FrontDeskSettings.defaults(Optional.empty());

        AfterStream closed = desk(CLOSED, PHARMACIST).afterStream("CA1", "+15551230000");
        AfterStream nobody = desk(OPEN, null).afterStream("CA1", "+15551230000");

        assertThat(closed, equalTo(new AfterStream.Voicemail(settings.closedPrompt(), Callback.Reason.CLOSED)));
        assertThat(nobody, equalTo(new AfterStream.Voicemail(settings.unansweredPrompt(),
                Callback.Reason.NO_PHARMACIST)));
    }

    @Test
    void aGoodbyeHangsUpAndACallWithoutAHandoffGetsTheFallback() {
        kept.record(handoff("CA1", Handoff.Kind.FINISHED, true));

        assertThat(desk(OPEN, PHARMACIST).afterStream("CA1", "+15551230000"), equalTo(new AfterStream.HangUp("")));
        assertThat(desk(OPEN, PHARMACIST).afterStream("CA-agent-failed", "+15551230000"),
                equalTo(new AfterStream.Fallback()));
    }

    @Test
    void nobodyAnsweringLeadsToTheVoicemailWhichBecomesACallbackWithTheSummary() {
        kept.record(handoff("CA1", Handoff.Kind.TRANSFER, true));
        FrontDesk desk = desk(OPEN, PHARMACIST);

        AfterStream afterDial = desk.dialEnded("CA1", DialOutcome.NO_ANSWER);
        AfterStream afterMessage = desk.voicemailLeft("CA1", "+15551230000", Callback.Reason.NOBODY_ANSWERED,
                Optional.of("https://api.twilio.com/rec/RE1"), 17);

        assertThat(afterDial, equalTo(new AfterStream.Voicemail(FrontDeskSettings.defaults(Optional.empty())
                .unansweredPrompt(), Callback.Reason.NOBODY_ANSWERED)));
        assertThat(afterMessage, equalTo(new AfterStream.HangUp("Thank you. A pharmacist will call you back. "
                + "Goodbye.")));
        Callback callback = desk.callbacks(true, 10).getFirst();
        assertThat(callback.summary(), equalTo("Verified patient Dana Whitfield."));
        assertThat(callback.recordingUrl(), equalTo(Optional.of("https://api.twilio.com/rec/RE1")));
        assertThat(callback.recordingSeconds(), is(17));
        assertThat(desk.dialEnded("CA1", DialOutcome.ANSWERED), equalTo(new AfterStream.HangUp("")));
        assertThat(desk.markCalledBack(callback.id()), is(true));
        assertThat(desk.markCalledBack(callback.id()), is(false));
        assertThat(desk.callbacks(true, 10), is(List.of()));
    }

    @Test
    void theWhisperIsTheKeptSummaryOrSaysThereIsNone() {
        kept.record(handoff("CA1", Handoff.Kind.TRANSFER, true));

        assertThat(desk(OPEN, PHARMACIST).whisper("CA1"), equalTo("Verified patient Dana Whitfield."));
        assertThat(desk(OPEN, PHARMACIST).whisper("CA2"), equalTo(FrontDesk.UNKNOWN_CALL));
    }

    private FrontDesk desk(Instant now, String pharmacist) {
        return new FrontDesk(kept, kept, HOURS, FrontDeskSettings.defaults(Optional.ofNullable(pharmacist)),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Handoff handoff(String callSid, Handoff.Kind kind, boolean announced) {
        return new Handoff(callSid, kind, "+15551230000", "Verified patient Dana Whitfield.", announced, OPEN);
    }

    /** Handoffs and callbacks in memory. */
    private static final class Kept implements Handoffs, Callbacks {
        private final Map<String, Handoff> handoffs = new ConcurrentHashMap<>();
        private final List<Callback> callbacks = new ArrayList<>();

        @Override
        public void record(Handoff handoff) {
            handoffs.putIfAbsent(handoff.callSid(), handoff);
        }

        @Override
        public Optional<Handoff> find(String callSid) {
            return Optional.ofNullable(handoffs.get(callSid));
        }

        @Override
        public synchronized Callback add(String callSid, String callerNumber, String summary, Callback.Reason reason,
                                         Optional<String> recordingUrl, int recordingSeconds, Instant at) {
            var callback = new Callback(callbacks.size() + 1, callSid, callerNumber, summary, reason, recordingUrl,
                    recordingSeconds, at, true);
            callbacks.add(callback);
            return callback;
        }

        @Override
        public synchronized List<Callback> list(boolean openOnly, int limit) {
            return callbacks.stream().filter(callback -> !openOnly || callback.open()).limit(limit).toList();
        }

        @Override
        public synchronized boolean close(long id, Instant at) {
            for (int i = 0; i < callbacks.size(); i++) {
                Callback callback = callbacks.get(i);
                if (callback.id() == id && callback.open()) {
                    callbacks.set(i, new Callback(id, callback.callSid(), callback.callerNumber(), callback.summary(),
                            callback.reason(), callback.recordingUrl(), callback.recordingSeconds(),
                            callback.requestedAt(), false));
                    return true;
                }
            }
            return false;
        }
    }
}
