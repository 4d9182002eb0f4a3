package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

/** What the caller really heard of the agent's replies, by Twilio's mark echoes, and what barge-in drops. */
class ReplyTrackerTest {

    private final ReplyTracker replies = new ReplyTracker();

    @Test
    void aLongReplyIsMarkedEverySecondAndAtItsEnd() {
        assertThat(replies.agentAudio(8000).mark(), equalTo("r1-8000"));
        assertThat(replies.agentAudio(3000).mark(), nullValue());
        assertThat(replies.replyAudioDone(), equalTo("r1-11000"));
        assertThat("nothing left unmarked", replies.replyAudioDone(), nullValue());
    }

    @Test
    void theDoneMarkIsTheOneWhoseEchoSaysTheWholeReplyWasHeard() {
        replies.agentAudio(8000);
        replies.agentAudio(3000);
        replies.replyAudioDone();
        assertThat("the closing mark", replies.doneMark(), equalTo("r1-11000"));

        replies.agentStartsReply();
        replies.agentAudio(8000);
        assertThat("the mark sent with its last second, as nothing is left to mark", replies.replyAudioDone(),
                nullValue());
        assertThat(replies.doneMark(), equalTo("r2-8000"));

        assertThat("a turn without audio has nothing to hear", replies.replyAudioDone(), nullValue());
        assertThat(replies.doneMark(), nullValue());
    }

    @Test
    void theBargeInNoteSaysHowMuchOfTheReplyTheMarksSayWasHeard() {
        replies.agentAudio(8000);
        replies.agentAudio(3000);
        replies.markPlayed("r1-8000");

        assertThat(replies.callerInterrupts(), equalTo(" after hearing 1.0 s of the agent's 1.4 s reply"));
        assertThat(replies.heardBytes(), equalTo(8000L));
    }

    @Test
    void marksTwilioEchoesBecauseAClearFlushedThemAreNotHeardAudio() {
        replies.agentAudio(8000);
        replies.agentAudio(8000);
        replies.markPlayed("r1-8000");
        replies.callerInterrupts();

        replies.markPlayed("r1-16000");

        assertThat(replies.heardBytes(), equalTo(8000L));
    }

    @Test
    void afterABargeInTheRestOfTheInterruptedReplyIsDroppedUntilTheAgentStartsANewOne() {
        replies.agentAudio(1000);
        replies.callerInterrupts();

        assertThat(replies.agentAudio(1000).drop(), is(true));
        replies.agentStartsReply();
        assertThat(replies.agentAudio(1000).drop(), is(false));
    }

    @Test
    void marksOfOtherRepliesAndStrangeNamesChangeNothing() {
        replies.agentAudio(8000);
        replies.markPlayed("r2-8000");
        replies.markPlayed("x-1");
        replies.markPlayed("r1-not-a-number");

        assertThat(replies.heardBytes(), equalTo(0L));
    }
}
