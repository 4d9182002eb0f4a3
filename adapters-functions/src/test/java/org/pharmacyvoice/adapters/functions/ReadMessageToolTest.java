package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NotificationKind;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolAudit;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.Toolbox;

/** read_message gives the message of the pharmacy's own call to the patient it is for, and says what to do next. */
class ReadMessageToolTest {

    private static final CallContext PLACED = new CallContext("CA-placed", "MZ-placed", "+15550009999",
            "+13125550103");
    private static final String TEXT = "Your refill of lisinopril 10 mg is ready for pickup at Main Street Pharmacy.";

    private final ScriptedErrands errands = new ScriptedErrands();
    private final Toolbox toolbox = new Toolbox(List.of(new ReadMessageTool(errands)));
    private final CallerIdentity rosa = new CallerIdentity("CA-placed", Optional.of(7L));

    private ToolResult read() {
        return toolbox.run(ToolCall.of("fc_1", "read_message", ToolArguments.of()), PLACED, rosa);
    }

    private static Map<String, Object> data(ToolResult result) {
        return ((ToolResult.Success) result).data();
    }

    @Test
    void itTakesNoArgumentsDoesNotWaitForTheEndOfTheTurnAndIsAboutPatients() {
        var spec = toolbox.spec("read_message").orElseThrow();

        assertThat(spec.parameters(), is(empty()));
        assertThat(spec.deferUntilEndOfTurn(), is(false));
        assertThat(spec.patientData(), is(true));
        assertThat(spec.recordedResultKeys(), contains("outcome", "attempts_left"));
        assertThat(spec.description(), containsString("verify_caller first"));
    }

    @Test
    void theVerifiedPatientGetsTheMessageAndIsOfferedARefillThePharmacistOrNoMoreCalls() {
        errands.answering(new ErrandMessage.Message(NotificationKind.READY_FOR_PICKUP, TEXT));

        Map<String, Object> answer = data(read());

        assertThat(answer.keySet(), contains("outcome", "kind", "message", "next_step"));
        assertThat(answer.get("outcome"), is("message"));
        assertThat(answer.get("kind"), is("ready_for_pickup"));
        assertThat(answer.get("message"), is(TEXT));
        assertThat((String) answer.get("next_step"), containsString("Say this message"));
        assertThat((String) answer.get("next_step"), containsString("refill"));
        assertThat((String) answer.get("next_step"), containsString("pharmacist"));
        assertThat((String) answer.get("next_step"), containsString("stop_calls"));
        assertThat("asked for this call and this caller", errands.askedForMessage, contains("CA-placed"));
        assertThat(errands.callers.getFirst(), sameInstance(rosa));
    }

    @Test
    void theCallRecordKeepsTheOutcomeOfTheMessageButNotTheMessage() {
        errands.answering(new ErrandMessage.Message(NotificationKind.REFILL_REMINDER, TEXT));
        var spec = toolbox.spec("read_message");

        ToolResult kept = ToolAudit.result(spec, read());

        assertThat(data(kept), equalTo(Map.of("outcome", "message", "kind", ToolAudit.WITHHELD,
                "message", ToolAudit.WITHHELD, "next_step", ToolAudit.WITHHELD)));
        assertThat(kept.toString(), not(containsString("lisinopril")));
        assertThat(ToolAudit.call(spec, ToolCall.of("fc_1", "read_message", ToolArguments.of())).arguments()
                .orElseThrow().values(), is(Map.of()));
    }

    @Test
    void aPersonNotVerifiedYetIsAskedForTheDateOfBirthAndHearsNothingOfTheMessage() {
        errands.answering(new ErrandMessage.NotVerified(2));

        Map<String, Object> answer = data(read());

        assertThat(answer.get("outcome"), is("not_verified"));
        assertThat(answer.get("attempts_left"), is(2L));
        assertThat((String) answer.get("next_step"), containsString("date of birth"));
        assertThat((String) answer.get("next_step"), containsString("verify_caller"));
        assertThat(data(ToolAudit.result(toolbox.spec("read_message"), read())).get("attempts_left"), is(2L));
    }

    @Test
    void aPersonLockedOutIsNotAskedAgainAndIsOfferedThePharmacist() {
        errands.answering(new ErrandMessage.NotVerified(0));

        Map<String, Object> answer = data(read());

        assertThat(answer.get("outcome"), is("locked"));
        assertThat(answer.get("attempts_left"), is(0L));
        assertThat((String) answer.get("next_step"), containsString("don't ask again"));
        assertThat((String) answer.get("next_step"), containsString("pharmacist"));
    }

    @Test
    void aCallWithoutAnErrandHasNoMessage() {
        Map<String, Object> answer = data(read());

        assertThat(answer.get("outcome"), is("no_message"));
        assertThat((String) answer.get("next_step"), containsString("no message"));
        assertThat(answer.containsKey("message"), is(false));
    }

    @Test
    void argumentsItDoesNotTakeAreRefusedBeforeAnyoneIsAsked() {
        ToolResult refused = toolbox.run(ToolCall.of("fc_1", "read_message", ToolArguments.of("patient", "Rosa")),
                PLACED, rosa);

        assertThat(((ToolResult.Failure) refused).error(), is("The arguments for read_message were not accepted: "
                + "patient is not a parameter of read_message."));
        assertThat(errands.askedForMessage, is(empty()));
    }
}
