package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.notification.OptOut;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.Toolbox;

/** stop_calls lists the number the pharmacy called, on its own calls only, and says what to tell the person. */
class StopCallsToolTest {

    private static final CallContext PLACED = new CallContext("CA-placed", "MZ-placed", "+15550009999",
            "+13125550103");

    private final ScriptedErrands errands = new ScriptedErrands();
    private final Toolbox toolbox = new Toolbox(List.of(new StopCallsTool(errands)));

    private Map<String, Object> stop() {
        return ((ToolResult.Success) toolbox.run(ToolCall.of("fc_1", "stop_calls", ToolArguments.of()), PLACED))
                .data();
    }

    @Test
    void itTakesNoArgumentsAndWaitsForTheEndOfTheTurnBecauseItCanNotBeUndoneByPhone() {
        var spec = toolbox.spec("stop_calls").orElseThrow();

        assertThat(spec.parameters(), is(empty()));
        assertThat(spec.deferUntilEndOfTurn(), is(true));
        assertThat(spec.description(), containsString("Confirm"));
    }

    @Test
    void theNumberCalledIsListedAndThePersonHearsThereWillBeNoMoreCalls() {
        errands.answering(new NoMoreCalls.Listed(new OptOut("+13125550103", Instant.EPOCH, "call")));

        Map<String, Object> answer = stop();

        assertThat(answer.keySet(), contains("outcome", "next_step"));
        assertThat(answer.get("outcome"), is("listed"));
        assertThat((String) answer.get("next_step"), containsString("no more calls from the pharmacy"));
        assertThat("the answer names no number", answer.toString(), not(containsString("0103")));
        assertThat(errands.askedToStop, contains("CA-placed"));
    }

    @Test
    void onACallThatCameInStaffAddTheNumberAndTheAgentOffersThePharmacist() {
        Map<String, Object> answer = stop();

        assertThat(answer.get("outcome"), is("not_a_placed_call"));
        assertThat((String) answer.get("next_step"), containsString("staff can add their number"));
        assertThat((String) answer.get("next_step"), containsString("pharmacist"));
        assertThat(errands.askedToStop, contains("CA-placed"));
    }

    @Test
    void argumentsItDoesNotTakeAreRefusedAndNothingIsListed() {
        ToolResult refused = toolbox.run(ToolCall.of("fc_1", "stop_calls", ToolArguments.of("phone_number",
                "+13125550100")), PLACED);

        assertThat(((ToolResult.Failure) refused).error(), is("The arguments for stop_calls were not accepted: "
                + "phone_number is not a parameter of stop_calls."));
        assertThat(errands.askedToStop, is(empty()));
    }
}
