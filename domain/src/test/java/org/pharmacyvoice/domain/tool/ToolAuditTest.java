package org.pharmacyvoice.domain.tool;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.sameInstance;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the call record keeps of a tool run about a patient. */
class ToolAuditTest {

    private static final ToolSpec VERIFY = ToolSpec.of("verify_caller", "Verify.",
            ToolParameter.text("name", "Name."), ToolParameter.text("date_of_birth", "Date.")).aboutPatients("outcome");
    private static final ToolSpec DRUG_INFO = ToolSpec.of("get_drug_info", "Info.", ToolParameter.text("name", "N."));

    @Test
    void aPatientToolKeepsArgumentNamesAndTheOutcomeOnly() {
        var call = ToolCall.of("fc-1", "verify_caller",
                ToolArguments.of("name", "Ruth Okafor", "date_of_birth", "1961-03-03"));
        var result = ToolResult.success("outcome", "verified", "first_name", "Ruth");

        assertThat(ToolAudit.call(Optional.of(VERIFY), call).arguments().orElseThrow().values(),
                equalTo(Map.of("name", "•••", "date_of_birth", "•••")));
        assertThat(((ToolResult.Success) ToolAudit.result(Optional.of(VERIFY), result)).data(),
                equalTo(Map.of("outcome", "verified", "first_name", "•••")));
    }

    @Test
    void unreadableArgumentsOfAPatientToolAreNotKeptAtAll() {
        var call = new ToolCall("fc-1", "verify_caller", "{\"name\":\"Ruth Okafor\",\"date_of_b", Optional.empty(),
                "not a JSON object");

        ToolCall kept = ToolAudit.call(Optional.of(VERIFY), call);

        assertThat(kept.rawArguments(), equalTo(""));
        assertThat(kept.argumentsProblem(), equalTo("not a JSON object (32 characters, not kept)"));
    }

    @Test
    void numbersInAPatientToolsFailureAreWithheld() {
        var failure = ToolResult.failure("No prescription 1000042 on file.", "Ask for 100-0042 again.");

        assertThat(ToolAudit.result(Optional.of(VERIFY), failure),
                equalTo(ToolResult.failure("No prescription ••• on file.", "Ask for ••• again.")));
    }

    @Test
    void otherToolsAreKeptAsTheyRan() {
        var call = ToolCall.of("fc-1", "get_drug_info", ToolArguments.of("name", "ibuprofen"));
        var result = ToolResult.success("name", "ibuprofen");

        assertThat(ToolAudit.call(Optional.of(DRUG_INFO), call), sameInstance(call));
        assertThat(ToolAudit.result(Optional.of(DRUG_INFO), result), sameInstance(result));
        assertThat(ToolAudit.call(Optional.empty(), call), sameInstance(call));
    }
}
