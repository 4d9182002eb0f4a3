package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** When the agent tells a waiting caller it is looking: once per wait, only for slow calls. No waiting. */
class ToolFillerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long DELAY = SECOND;
    private static final String FILLER = "One moment while I look that up.";

    private final List<String> waits = new CopyOnWriteArrayList<>();
    private final ToolFiller filler = new ToolFiller("CA01", Duration.ofNanos(DELAY), FILLER, new ToolFiller.Wait() {
        @Override
        public void began() {
            waits.add("began");
        }

        @Override
        public void ended(long now) {
            waits.add("ended at " + now);
        }
    });
    private final FakeAsker agent = new FakeAsker();

    @Test
    void aCallUnansweredForTheDelayGetsOneFillerOnTheConnectionThatAsked() {
        ToolCall call = call("fc_1");
        filler.asked(call, agent, 0);

        assertThat(filler.due(DELAY - 1), is(false));
        filler.tick(DELAY - 1);
        assertThat(agent.said, empty());
        assertThat(filler.due(DELAY), is(true));
        filler.tick(DELAY);
        assertThat(agent.said, contains(FILLER));

        assertThat("said once", filler.due(100 * SECOND), is(false));
        filler.tick(100 * SECOND);
        assertThat(agent.said, contains(FILLER));
    }

    @Test
    void aCallAnsweredInTimeGetsNone() {
        ToolCall call = call("fc_1");
        filler.asked(call, agent, 0);

        filler.finished(call, DELAY - 1);

        assertThat(filler.due(DELAY), is(false));
        filler.tick(DELAY);
        assertThat(agent.said, empty());
    }

    @Test
    void aBatchOfTwoSlowCallsGetsOneFiller() {
        filler.asked(call("fc_1"), agent, 0);
        filler.asked(call("fc_2"), agent, 0);

        filler.tick(DELAY);
        filler.tick(2 * DELAY);

        assertThat(agent.said, contains(FILLER));
    }

    @Test
    void aSecondRequestWhileTheFirstRunsIsTheSameWaitButANewWaitGetsItsOwnFiller() {
        ToolCall first = call("fc_1");
        ToolCall second = call("fc_2");
        filler.asked(first, agent, 0);
        filler.tick(DELAY);
        filler.asked(second, agent, DELAY + 1);
        filler.finished(first, DELAY + 2);

        filler.tick(3 * DELAY);
        assertThat(agent.said, contains(FILLER));
        filler.finished(second, 3 * DELAY);

        ToolCall third = call("fc_3");
        filler.asked(third, agent, 4 * DELAY);
        filler.tick(5 * DELAY);
        assertThat(agent.said, contains(FILLER, FILLER));
    }

    @Test
    void theDelayCountsFromEachCallsOwnRequest() {
        ToolCall quick = call("fc_1");
        filler.asked(quick, agent, 0);
        filler.asked(call("fc_2"), agent, DELAY / 2);
        filler.finished(quick, DELAY / 2 + 1);

        assertThat(filler.due(DELAY), is(false));
        assertThat(filler.due(DELAY / 2 + DELAY), is(true));
    }

    @Test
    void noFillerForAConnectionThatIsNoLongerTheCalls() {
        filler.asked(call("fc_1"), agent, 0);
        agent.current = false;

        filler.tick(DELAY);

        assertThat(agent.said, empty());
        assertThat("the wait is over: nobody waits on a replaced connection's answer", waits,
                contains("began", "ended at " + DELAY));
    }

    @Test
    void noFillerForACancelledCall() {
        filler.asked(call("fc_1"), agent, 0);

        filler.cancelled(List.of("fc_1"), DELAY / 2);

        assertThat(filler.due(DELAY), is(false));
        filler.tick(DELAY);
        assertThat(agent.said, empty());
        assertThat(waits, contains("began", "ended at " + DELAY / 2));
    }

    @Test
    void aFailingSendIsLoggedNotThrownAndNotRetried() {
        filler.asked(call("fc_1"), agent, 0);
        agent.failSends = true;

        filler.tick(DELAY);
        agent.failSends = false;
        filler.tick(2 * DELAY);

        assertThat(agent.said, empty());
    }

    @Test
    void noFillerWithoutASessionYet() {
        filler.asked(call("fc_1"), agent, 0);
        agent.session = false;

        filler.tick(DELAY);

        assertThat(agent.said, empty());
    }

    @Test
    void theIdleWatchHearsOfEachWaitOnce() {
        ToolCall first = call("fc_1");
        ToolCall second = call("fc_2");
        filler.asked(first, agent, 0);
        filler.asked(second, agent, 1);
        filler.finished(first, 2);
        filler.finished(first, 3);
        assertThat(waits, contains("began"));

        filler.finished(second, 4);

        assertThat(waits, contains("began", "ended at 4"));
    }

    @Test
    void theSameCallAskedForTwiceIsWaitedOnTwice() {
        ToolCall twice = call("fc_1");
        filler.asked(twice, agent, 0);
        ToolCall again = call("fc_1");
        filler.asked(again, agent, 0);

        filler.finished(twice, 1);

        assertThat(waits, contains("began"));
        filler.tick(DELAY);
        assertThat(agent.said, contains(FILLER));
    }

    @Test
    void aZeroDelayNeverSaysTheFillerButStillReportsTheWait() {
        var off = new ToolFiller("CA01", Duration.ZERO, FILLER, new ToolFiller.Wait() {
            @Override
            public void began() {
                waits.add("began");
            }

            @Override
            public void ended(long now) {
                waits.add("ended at " + now);
            }
        });
        ToolCall call = call("fc_1");
        off.asked(call, agent, 0);

        assertThat(off.due(Long.MAX_VALUE / 2), is(false));
        off.tick(100 * SECOND);
        off.finished(call, 100 * SECOND);

        assertThat(agent.said, empty());
        assertThat(waits, contains("began", "ended at " + 100 * SECOND));
    }

    private static ToolCall call(String id) {
        return ToolCall.of(id, "slow_lookup", ToolArguments.of());
    }

    /** An agent connection as the filler sees it: still the call's or not, its session there or not. */
    private static final class FakeAsker implements ToolRunner.Asker, AgentSession {
        volatile boolean current = true;
        volatile boolean session = true;
        volatile boolean failSends;
        final List<String> said = new CopyOnWriteArrayList<>();

        @Override
        public Optional<AgentSession> session(Duration wait) {
            return session ? Optional.of(this) : Optional.empty();
        }

        @Override
        public boolean stillCurrent() {
            return current;
        }

        @Override
        public void sendAgentText(String text) {
            if (failSends) {
                throw new IllegalStateException("the Deepgram connection failed while having the agent speak");
            }
            said.add(text);
        }

        @Override
        public void sendAudio(byte[] mulaw) {
            throw new AssertionError("the filler sends no audio");
        }

        @Override
        public void sendCallerText(String text) {
            throw new AssertionError("the filler sends no caller text");
        }

        @Override
        public void answer(ToolCall call, ToolResult result) {
            throw new AssertionError("the filler answers no tool call");
        }

        @Override
        public void close() {
            throw new AssertionError("the filler closes nothing");
        }
    }
}
