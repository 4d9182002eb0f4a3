package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;

/** The reconnect budget, its doubling wait, and the briefing that resumes a conversation; and the held audio. */
class AgentReconnectsTest {

    @Test
    void theBudgetCoversTheWholeCallAndEachWaitDoublesTheOneBefore() {
        var reconnects = new AgentReconnects(3, Duration.ofMillis(250));

        assertThat(List.of(reconnects.take(), reconnects.take(), reconnects.take(), reconnects.take()),
                contains(1, 2, 3, -1));
        assertThat(List.of(reconnects.waitBefore(1), reconnects.waitBefore(2), reconnects.waitBefore(3)),
                contains(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000)));
        assertThat("the doubling stops", reconnects.waitBefore(40), equalTo(Duration.ofMillis(250L << 10)));
    }

    @Test
    void aResumedConversationKeepsPromptAndToolsDropsTheGreetingAndReplaysTheLastFiftyLines() {
        var first = new AgentBriefing("Be kind.", "Hello!", List.of(), List.of());
        List<ConversationLine> transcript = IntStream.range(0, 60)
                .mapToObj(i -> new ConversationLine(i % 2 == 0 ? Speaker.CALLER : Speaker.AGENT, "line " + i))
                .toList();

        AgentBriefing resumed = AgentReconnects.resumed(first, transcript);

        assertThat(resumed.prompt(), equalTo("Be kind."));
        assertThat(resumed.greeting(), equalTo(""));
        assertThat(resumed.history(), hasSize(AgentReconnects.MAX_REPLAYED_LINES));
        assertThat(resumed.history().getFirst().text(), equalTo("line 10"));
        assertThat(resumed.history().getLast().text(), equalTo("line 59"));
    }

    @Test
    void heldAudioKeepsArrivalOrderPutsAFailedFrameBackFirstAndDropsTheOldestPastItsLimit() {
        var held = new HeldAudio(4);
        held.hold(new byte[] {1, 1});
        held.hold(new byte[] {2, 2});
        byte[] failed = held.next();
        held.putBack(failed);
        held.hold(new byte[] {3});

        assertThat(held.next(), equalTo(new byte[] {2, 2}));
        assertThat(held.next(), equalTo(new byte[] {3}));
        assertThat(held.next(), equalTo(null));
    }
}
