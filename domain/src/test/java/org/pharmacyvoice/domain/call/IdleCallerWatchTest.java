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

/** When a quiet caller is asked whether they are still there, told goodbye, and hung up on. No waiting. */
class IdleCallerWatchTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long TIMEOUT = 10 * SECOND;
    private static final AgentPhrases PHRASES = new AgentPhrases("Still there?", "Goodbye then.", "One moment.");

    private final FakeCall call = new FakeCall();
    private final IdleCallerWatch watch = new IdleCallerWatch("CA01", Duration.ofNanos(TIMEOUT), PHRASES, call);

    @Test
    void theSilenceCountsFromTheEchoOfTheTurnsLastMarkNotFromTheEndOfItsAudio() {
        watch.agentTurnStarted();
        watch.agentTurnEnded("r1-24000", 0);
        assertThat("the caller is still hearing the reply", watch.due(100 * SECOND), is(false));

        watch.markPlayed("r1-24000", 3 * SECOND);

        assertThat(watch.due(3 * SECOND + TIMEOUT - 1), is(false));
        watch.tick(3 * SECOND + TIMEOUT - 1);
        assertThat(call.said, empty());
        assertThat(watch.due(3 * SECOND + TIMEOUT), is(true));
        watch.tick(3 * SECOND + TIMEOUT);
        assertThat(call.said, contains("Still there?"));
        assertThat(call.hangUps.get(), equalTo(0));
    }

    @Test
    void anEchoThatOvertookTheTurnsEndCountsWhenTheEndArrives() {
        watch.agentTurnStarted();
        watch.markPlayed("r1-8000", SECOND);

        watch.agentTurnEnded("r1-8000", 2 * SECOND);

        assertThat(watch.due(2 * SECOND + TIMEOUT - 1), is(false));
        assertThat(watch.due(2 * SECOND + TIMEOUT), is(true));
    }

    @Test
    void anEchoOfAnotherMarkBeforeTheTurnsEndDoesNotCount() {
        watch.markPlayed("r1-8000", SECOND);

        watch.agentTurnEnded("r1-12000", 2 * SECOND);

        assertThat(watch.due(100 * SECOND), is(false));
    }

    @Test
    void aTurnWithoutAudioCountsFromItsEnd() {
        watch.agentTurnEnded(null, 5 * SECOND);

        assertThat(watch.due(5 * SECOND + TIMEOUT - 1), is(false));
        assertThat(watch.due(5 * SECOND + TIMEOUT), is(true));
    }

    @Test
    void onlyTheEchoOfTheTurnsLastMarkCounts() {
        watch.agentTurnEnded("r1-12000", 0);

        watch.markPlayed("r1-8000", SECOND);
        watch.markPlayed("kept-by-someone-else", SECOND);

        assertThat(watch.due(100 * SECOND), is(false));
    }

    @Test
    void nothingIsDueBeforeTheAgentsFirstTurnEnds() {
        assertThat(watch.due(0), is(false));
        assertThat(watch.due(Long.MAX_VALUE), is(false));
        watch.agentTurnStarted();
        assertThat(watch.due(Long.MAX_VALUE / 2), is(false));
    }

    @Test
    void twoSilencesGetTheQuestionThenTheGoodbyeAndTheCallEndsOnceTheGoodbyeIsHeard() {
        long asked = heardTurnThenSilence("r1-8000", 0);
        assertThat(call.said, contains("Still there?"));

        long goodbye = heardTurnThenSilence("r2-16000", asked + SECOND);
        assertThat(call.said, contains("Still there?", "Goodbye then."));
        assertThat("not before the goodbye is heard", call.hangUps.get(), equalTo(0));

        watch.agentTurnStarted();
        watch.agentTurnEnded("r3-28000", goodbye + SECOND);
        watch.markPlayed("r3-24000", goodbye + 3 * SECOND);
        assertThat("a second of the goodbye is still to play", call.hangUps.get(), equalTo(0));
        watch.markPlayed("r3-28000", goodbye + 4 * SECOND);

        assertThat(call.hangUps.get(), equalTo(1));
        assertThat(watch.due(goodbye + 100 * SECOND), is(false));
        watch.tick(goodbye + 100 * SECOND);
        watch.markPlayed("r3-28000", goodbye + 100 * SECOND);
        assertThat("hung up once", call.hangUps.get(), equalTo(1));
    }

    @Test
    void aGoodbyeWithoutAudioEndsTheCallWhenItsTurnEnds() {
        long asked = heardTurnThenSilence("r1-8000", 0);
        long goodbye = heardTurnThenSilence("r2-8000", asked);

        watch.agentTurnEnded(null, goodbye + SECOND);

        assertThat(call.hangUps.get(), equalTo(1));
    }

    @Test
    void aGoodbyeNeverHeardBackEndsTheCallAfterTheGoodbyeWait() {
        long asked = heardTurnThenSilence("r1-8000", 0);
        long goodbye = heardTurnThenSilence("r2-8000", asked);
        watch.agentTurnEnded("r3-8000", goodbye + SECOND);

        long limit = goodbye + IdleCallerWatch.GOODBYE_WAIT.toNanos();
        assertThat(watch.due(limit - 1), is(false));
        watch.tick(limit - 1);
        assertThat(call.hangUps.get(), equalTo(0));
        assertThat(watch.due(limit), is(true));
        watch.tick(limit);

        assertThat(call.hangUps.get(), equalTo(1));
        assertThat(call.said, contains("Still there?", "Goodbye then."));
    }

    @Test
    void aQuestionTheAgentNeverSpeaksIsCountedFromWhenItWasSent() {
        watch.agentTurnEnded(null, 0);
        watch.tick(TIMEOUT);
        assertThat(call.said, contains("Still there?"));

        assertThat(watch.due(2 * TIMEOUT - 1), is(false));
        watch.tick(2 * TIMEOUT);

        assertThat(call.said, contains("Still there?", "Goodbye then."));
        assertThat(call.hangUps.get(), equalTo(0));
    }

    @Test
    void whatTheCallerDoesStartsTheWatchOverSoTheNextSilenceGetsTheQuestionAgain() {
        long asked = heardTurnThenSilence("r1-8000", 0);

        watch.callerActive();
        assertThat("no count during the caller's turn", watch.due(asked + 100 * SECOND), is(false));
        heardTurnThenSilence("r2-8000", asked + 2 * SECOND);

        assertThat(call.said, contains("Still there?", "Still there?"));
    }

    @Test
    void aCallerWhoSpeaksDuringTheGoodbyeKeepsTheCall() {
        long asked = heardTurnThenSilence("r1-8000", 0);
        long goodbye = heardTurnThenSilence("r2-8000", asked);
        watch.agentTurnStarted();

        watch.callerActive();
        watch.agentTurnEnded(null, goodbye + SECOND);
        watch.markPlayed("r3-8000", goodbye + SECOND);
        watch.tick(goodbye + IdleCallerWatch.GOODBYE_WAIT.toNanos());

        assertThat(call.hangUps.get(), equalTo(0));
        heardTurnThenSilence("r4-8000", goodbye + 2 * SECOND);
        assertThat("back to the question", call.said, contains("Still there?", "Goodbye then.", "Still there?"));
    }

    @Test
    void theEndOfAReplyTheCallerInterruptedStartsNoCount() {
        watch.agentTurnStarted();
        watch.callerActive();

        watch.agentTurnEnded(null, SECOND);

        assertThat(watch.due(100 * SECOND), is(false));
    }

    @Test
    void aNewTurnBeforeTheEchoStopsTheCount() {
        watch.agentTurnEnded("r1-8000", 0);
        watch.agentTurnStarted();

        watch.markPlayed("r1-8000", SECOND);

        assertThat(watch.due(100 * SECOND), is(false));
    }

    @Test
    void theSilenceDoesNotCountWhileToolsWorkAndCountsFromTheirEnd() {
        watch.agentTurnEnded(null, 0);
        watch.toolsBegan();
        assertThat(watch.due(100 * SECOND), is(false));
        // The filler's turn ends and is heard while the tool still works.
        watch.agentTurnStarted();
        watch.agentTurnEnded("r2-8000", 2 * SECOND);
        watch.markPlayed("r2-8000", 3 * SECOND);
        assertThat(watch.due(100 * SECOND), is(false));

        watch.toolsEnded(30 * SECOND);

        assertThat(watch.due(30 * SECOND + TIMEOUT - 1), is(false));
        assertThat(watch.due(30 * SECOND + TIMEOUT), is(true));
    }

    @Test
    void toolsEndingDuringTheCallersTurnStartNoCount() {
        watch.callerActive();
        watch.toolsBegan();

        watch.toolsEnded(SECOND);

        assertThat("the agent is yet to answer the caller", watch.due(100 * SECOND), is(false));
    }

    @Test
    void withNoAgentToAskTheQuestionWaitsAnotherTimeout() {
        watch.agentTurnEnded(null, 0);
        call.agentReady = false;

        watch.tick(TIMEOUT);
        assertThat(call.said, empty());
        assertThat(watch.due(2 * TIMEOUT - 1), is(false));
        call.agentReady = true;
        watch.tick(2 * TIMEOUT);

        assertThat(call.said, contains("Still there?"));
    }

    @Test
    void withNoAgentToSayGoodbyeTheCallEndsAtOnce() {
        heardTurnThenSilence("r1-8000", 0);
        call.agentReady = false;

        watch.agentTurnEnded(null, 20 * SECOND);
        watch.tick(20 * SECOND + TIMEOUT);

        assertThat(call.said, contains("Still there?"));
        assertThat(call.hangUps.get(), equalTo(1));
    }

    @Test
    void aZeroTimeoutTurnsTheWatchOff() {
        var off = new IdleCallerWatch("CA01", Duration.ZERO, PHRASES, call);

        off.agentTurnEnded(null, 0);
        off.markPlayed("r1-8000", 0);
        off.toolsEnded(0);
        off.tick(Long.MAX_VALUE / 2);

        assertThat(off.due(Long.MAX_VALUE / 2), is(false));
        assertThat(call.said, empty());
        assertThat(call.hangUps.get(), equalTo(0));
    }

    /** The agent's turn with audio up to {@code mark}, heard at {@code at}, then a silence; returns when it ended. */
    private long heardTurnThenSilence(String mark, long at) {
        watch.agentTurnStarted();
        watch.agentTurnEnded(mark, at);
        watch.markPlayed(mark, at);
        assertThat(watch.due(at + TIMEOUT), is(true));
        watch.tick(at + TIMEOUT);
        return at + TIMEOUT;
    }

    /** The call as the watch sees it: an agent that is ready or not, what it was given to say, the hang-ups. */
    private static final class FakeCall implements IdleCallerWatch.Call {
        volatile boolean agentReady = true;
        final List<String> said = new CopyOnWriteArrayList<>();
        final AtomicInteger hangUps = new AtomicInteger();

        @Override
        public boolean say(String text) {
            if (agentReady) {
                said.add(text);
            }
            return agentReady;
        }

        @Override
        public void hangUp() {
            hangUps.incrementAndGet();
        }
    }
}
