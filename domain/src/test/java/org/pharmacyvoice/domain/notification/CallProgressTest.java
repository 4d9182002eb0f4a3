package org.pharmacyvoice.domain.notification;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a placed call's final status and who answered it settle the attempt's outcome. */
class CallProgressTest {

    @Test
    void aCompletedCallIsAVoicemailWhenAMachineAnsweredAFailureForAFaxAndAnsweredOtherwise() {
        assertThat(CallProgress.COMPLETED.outcome(Optional.of(Answerer.MACHINE)),
                is(Optional.of(CallOutcome.VOICEMAIL)));
        assertThat(CallProgress.COMPLETED.outcome(Optional.of(Answerer.FAX)), is(Optional.of(CallOutcome.FAILED)));
        assertThat(CallProgress.COMPLETED.outcome(Optional.of(Answerer.PERSON)),
                is(Optional.of(CallOutcome.ANSWERED)));
        assertThat(CallProgress.COMPLETED.outcome(Optional.of(Answerer.UNKNOWN)),
                is(Optional.of(CallOutcome.ANSWERED)));
        assertThat("detection had not said yet", CallProgress.COMPLETED.outcome(Optional.empty()),
                is(Optional.of(CallOutcome.ANSWERED)));
    }

    @Test
    void theOtherFinalStatusesSettleAsTheyReadAndTheEarlierOnesSettleNothing() {
        assertThat(CallProgress.BUSY.outcome(Optional.empty()), is(Optional.of(CallOutcome.BUSY)));
        assertThat(CallProgress.NO_ANSWER.outcome(Optional.empty()), is(Optional.of(CallOutcome.NO_ANSWER)));
        assertThat(CallProgress.CANCELED.outcome(Optional.empty()), is(Optional.of(CallOutcome.NO_ANSWER)));
        assertThat(CallProgress.FAILED.outcome(Optional.empty()), is(Optional.of(CallOutcome.FAILED)));
        for (CallProgress early : new CallProgress[] {CallProgress.QUEUED, CallProgress.INITIATED,
                CallProgress.RINGING, CallProgress.IN_PROGRESS}) {
            assertThat(early.isFinal(), is(false));
            assertThat(early.outcome(Optional.of(Answerer.MACHINE)), is(Optional.empty()));
        }
        assertThat(CallProgress.fromCode("no-answer"), is(Optional.of(CallProgress.NO_ANSWER)));
        assertThat(CallProgress.fromCode("no_answer"), is(Optional.empty()));
    }
}
