package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.telephony.ConversationLine;

/** How typed entries reach the agent: held while it is away, one at a time, again after a refusal. No waiting. */
class KeypadRelayTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long PAUSE = 3 * SECOND;
    private static final String TYPED_1234567 = "The caller typed on the keypad: 1234567";

    private final FakeCall call = new FakeCall();
    private final KeypadRelay relay = new KeypadRelay("CA01", Duration.ofNanos(PAUSE), call);

    @Test
    void poundHandsTheEntryToAReadyAgentAtOnceAndTheRecordGetsItMasked() {
        type("1234567#", 0);

        assertThat(call.sent, contains(TYPED_1234567));
        assertThat(call.recorded, contains("[typed 7 keys on the keypad]"));
    }

    @Test
    void thePauseIsDueOnlyWhenItIsOverAndTickSendsTheEntry() {
        type("42", 0);

        assertThat(relay.due(PAUSE - 1), is(false));
        assertThat(relay.due(PAUSE), is(true));
        relay.tick(PAUSE - 1);
        assertThat(call.sent, empty());
        relay.tick(PAUSE);
        assertThat(call.sent, contains("The caller typed on the keypad: 42"));
        assertThat("nothing left to time once the entry settles", relay.due(100 * SECOND), is(false));
    }

    @Test
    void nothingIsDueWhileNothingIsTyped() {
        assertThat(relay.due(0), is(false));
        assertThat(relay.due(Long.MAX_VALUE), is(false));
    }

    @Test
    void nineOnItsOwnOnThePharmacysOwnCallAsksForNoMoreCallsAndTheAgentHearsOnlyWhatTheServerDid() {
        var placed = new KeypadRelay("CA02", Duration.ofNanos(PAUSE), call, true);
        placed.press("9", 0);
        placed.press("#", 0);

        assertThat(call.sent, empty());
        assertThat(call.recorded, contains("[pressed 9 on its own: no more calls]"));
        assertThat(call.askedNoMoreCalls.get(), is(1));
        placed.tell("[the number is listed]", SECOND);
        assertThat(call.sent, contains("[the number is listed]"));
    }

    @Test
    void nineOnItsOwnOnACallThatCameInIsJustADigit() {
        type("9#", 0);

        assertThat(call.askedNoMoreCalls.get(), is(0));
        assertThat(call.sent, contains("The caller typed on the keypad: 9"));
    }

    @Test
    void zeroOnItsOwnAsksForAPersonIsRecordedAndNotSent() {
        type("0#", 0);

        assertThat(call.sent, empty());
        assertThat(call.recorded, contains("[pressed 0 on its own]"));
        assertThat(call.askedForPerson.get(), is(1));
    }

    @Test
    void tooManyKeysAreNotSentButTheAgentIsToldSo() {
        type("1".repeat(21) + "#", 0);

        assertThat(call.sent, contains("The caller typed 21 keys on the keypad, more than the 20 a number can have "
                + "here, so they were not passed on."));
        assertThat(call.recorded, contains("[typed 21 keys on the keypad: too many, not passed on]"));
    }

    @Test
    void anEntryTypedBeforeTheAgentIsReadyWaitsAndGoesWhenItIs() {
        call.agentReady = false;
        type("1234567#", 0);
        assertThat(call.sent, empty());
        assertThat("retried after a while, in case nothing else wakes it", relay.due(KeypadRelay.RETRY_AFTER.toNanos()),
                is(true));
        relay.tick(KeypadRelay.RETRY_AFTER.toNanos());
        assertThat(call.sent, empty());

        call.agentReady = true;
        relay.agentReady(4 * SECOND);

        assertThat(call.sent, contains(TYPED_1234567));
        assertThat(call.recorded, contains("[typed 7 keys on the keypad]"));
    }

    @Test
    void entriesGoOneAtATimeEachOnceThePreviousSettled() {
        call.agentReady = false;
        type("11#", 0);
        type("22#", 0);
        call.agentReady = true;

        relay.agentReady(SECOND);
        assertThat(call.sent, contains("The caller typed on the keypad: 11"));
        long settled = SECOND + KeypadRelay.SETTLE.toNanos();
        assertThat(relay.due(settled - 1), is(false));
        assertThat(relay.due(settled), is(true));
        relay.tick(settled);

        assertThat(call.sent, contains("The caller typed on the keypad: 11", "The caller typed on the keypad: 22"));
    }

    @Test
    void theAgentsEchoOfTheEntryShowsItWasTakenSoTheNextGoesAtOnce() {
        call.agentReady = false;
        type("11#", 0);
        type("22#", 0);
        call.agentReady = true;
        relay.agentReady(SECOND);

        assertThat(relay.echoed("The caller typed on the keypad: 11", SECOND + 1), is(true));

        assertThat(call.sent, contains("The caller typed on the keypad: 11", "The caller typed on the keypad: 22"));
    }

    @Test
    void callerLinesThatAreNotKeypadTextAreNoEcho() {
        assertThat(relay.echoed("My date of birth is the fifth of May", 0), is(false));
        assertThat(relay.echoed("", 0), is(false));
    }

    @Test
    void aRefusedEntryGoesAgainWhenTheAgentsTurnIsOver() {
        type("1234567#", 0);
        relay.refused("agent is speaking", SECOND / 10);

        assertThat(call.refused, contains(TYPED_1234567));
        assertThat("not before the turn is over", relay.due(SECOND), is(false));
        relay.tick(SECOND);
        assertThat(call.sent, contains(TYPED_1234567));

        relay.agentTurnEnded(2 * SECOND);

        assertThat(call.sent, contains(TYPED_1234567, TYPED_1234567));
        assertThat("recorded once, when typed", call.recorded, contains("[typed 7 keys on the keypad]"));
    }

    @Test
    void aRefusedEntryGoesAgainAfterAWhileIfTheTurnNeverSeemsToEnd() {
        type("1234567#", 0);
        relay.refused("user is speaking", 0);

        long retry = KeypadRelay.RETRY_AFTER.toNanos();
        assertThat(relay.due(retry - 1), is(false));
        assertThat(relay.due(retry), is(true));
        relay.tick(retry);

        assertThat(call.sent, contains(TYPED_1234567, TYPED_1234567));
    }

    @Test
    void anEntryRefusedAtEverySendIsGivenUpAfterTheLast() {
        type("1234567#", 0);
        for (int send = 1; send <= KeypadRelay.MAX_SENDS; send++) {
            relay.refused("agent is speaking", send * SECOND);
            relay.agentTurnEnded(send * SECOND + 1);
        }

        assertThat(call.sent.size(), equalTo(KeypadRelay.MAX_SENDS));
        assertThat(call.refused.size(), equalTo(KeypadRelay.MAX_SENDS));
        assertThat(relay.due(Long.MAX_VALUE / 2), is(false));
    }

    @Test
    void aRefusalWithNothingInFlightChangesNothing() {
        relay.refused("agent is speaking", 0);
        relay.agentTurnEnded(1);

        assertThat(call.sent, empty());
        assertThat(call.refused, empty());
    }

    @Test
    void atMostFiveEntriesWaitForTheAgentAndTheOldestGoesFirst() {
        call.agentReady = false;
        for (int i = 1; i <= KeypadRelay.MAX_HELD + 2; i++) {
            type(i + "" + i + "#", 0);
        }
        call.agentReady = true;

        long at = SECOND;
        relay.agentReady(at);
        for (int i = 0; i < KeypadRelay.MAX_HELD + 2; i++) {
            at += KeypadRelay.SETTLE.toNanos();
            relay.tick(at);
        }

        assertThat(call.sent, contains("The caller typed on the keypad: 33", "The caller typed on the keypad: 44",
                "The caller typed on the keypad: 55", "The caller typed on the keypad: 66",
                "The caller typed on the keypad: 77"));
        assertThat("all seven are in the record", call.recorded.size(), equalTo(KeypadRelay.MAX_HELD + 2));
    }

    private void type(String keys, long at) {
        for (char key : keys.toCharArray()) {
            relay.press(String.valueOf(key), at);
        }
    }

    /** The call as the relay sees it: an agent that is ready or not, and what reached it and the record. */
    private static final class FakeCall implements KeypadRelay.Call {
        volatile boolean agentReady = true;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final List<String> recorded = new CopyOnWriteArrayList<>();
        final AtomicInteger askedForPerson = new AtomicInteger();
        final AtomicInteger askedNoMoreCalls = new AtomicInteger();

        @Override
        public boolean sendAsCaller(String text) {
            if (agentReady) {
                sent.add(text);
            }
            return agentReady;
        }

        @Override
        public void refused(String text) {
            refused.add(text);
        }

        @Override
        public void typed(ConversationLine masked) {
            recorded.add(masked.text());
        }

        @Override
        public void askedForPerson() {
            askedForPerson.incrementAndGet();
        }

        @Override
        public void askedNoMoreCalls() {
            askedNoMoreCalls.incrementAndGet();
        }
    }
}
