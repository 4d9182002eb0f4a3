package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.patient.Patient;
import org.pharmacyvoice.domain.patient.Verification;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * verify_caller turns what the caller said into one claim at the identity desk: the date of birth always, the name
 * when the caller gave it (the pharmacy's own call needs none; the desk asks for it on a call that came in).
 */
class VerifyCallerToolTest {

    private static final CallContext CALL = new CallContext("CA1", "MZ1", "+15551230001", "+15550009999");
    private static final Patient ROSA = new Patient(7, "Rosa", "Delgado", LocalDate.parse("1962-11-30"),
            List.of("+13125550103"));

    private final List<IdentityClaim> claims = new ArrayList<>();
    private Verification answer = new Verification.Verified(ROSA);
    private final Toolbox toolbox = new Toolbox(List.of(new VerifyCallerTool((claim, caller) -> {
        claims.add(claim);
        return answer;
    }, new DispensaryAnswers(ZoneOffset.UTC))));

    private ToolResult verify(Object... arguments) {
        return toolbox.run(ToolCall.of("fc_1", "verify_caller", ToolArguments.of(arguments)), CALL,
                new CallerIdentity("CA1", Optional.of(7L)));
    }

    @Test
    void onlyTheDateOfBirthIsRequiredAndTheNameSaysWhenItIsNeeded() {
        ToolSpec spec = toolbox.spec("verify_caller").orElseThrow();

        assertThat(spec.parameters().stream().map(ToolParameter::name).toList(),
                contains("full_name", "date_of_birth", "rx_number", "phone_on_file"));
        assertThat(spec.parameters().stream().filter(ToolParameter::required).map(ToolParameter::name).toList(),
                contains("date_of_birth"));
        ToolParameter name = spec.parameters().getFirst();
        assertThat(name.maxLength(), is(100));
        assertThat(name.description(), containsString("Needed when the caller rang the pharmacy"));
        assertThat(spec.description(), containsString("the date of birth is enough"));
        assertThat(spec.recordedResultKeys(), contains("outcome", "attempts_left"));
    }

    @Test
    void aDateOfBirthAloneIsAClaimWithoutAName() {
        Map<String, Object> verified = ((ToolResult.Success) verify("date_of_birth", "1962-11-30")).data();

        assertThat(verified.get("outcome"), is("verified"));
        assertThat(verified.get("first_name"), is("Rosa"));
        assertThat(claims, contains(IdentityClaim.of("", LocalDate.parse("1962-11-30"))));
    }

    @Test
    void theNameAndTheTieBreakersGivenGoWithTheClaim() {
        verify("full_name", "Rosa Delgado", "date_of_birth", "1962-11-30", "rx_number", "1000009",
                "phone_on_file", "312 555 0103");

        assertThat(claims, contains(new IdentityClaim("Rosa Delgado", LocalDate.parse("1962-11-30"),
                Optional.of("1000009"), Optional.of("312 555 0103"))));
    }

    @Test
    void aCallerWhoRangInWithoutANameIsAskedForIt() {
        answer = new Verification.NeedsName(3);

        Map<String, Object> needsName = ((ToolResult.Success) verify("date_of_birth", "1962-11-30")).data();

        assertThat(needsName.get("outcome"), is("needs_name"));
        assertThat(needsName.get("attempts_left"), is(3L));
        assertThat((String) needsName.get("next_step"), containsString("full name"));
    }

    @Test
    void aMissingDateOfBirthIsRefusedAndAsksForItAloneAndNothingIsTried() {
        var refused = (ToolResult.Failure) verify("full_name", "Rosa Delgado");

        assertThat(refused.error(), is("The arguments for verify_caller were not accepted: date_of_birth is "
                + "missing."));
        assertThat(refused.askCaller(), is("Ask the caller for: date_of_birth (The date of birth as YYYY-MM-DD, "
                + "e.g. 1961-03-03.)."));
        assertThat(claims, is(empty()));
    }

    @Test
    void aDateOfBirthThatIsNoDateIsNoAttempt() {
        var refused = (ToolResult.Failure) verify("date_of_birth", "30/11/62");

        assertThat(refused.error(), is("The date of birth was not a date in the form YYYY-MM-DD."));
        assertThat(claims, is(empty()));
    }

    @Test
    void aNameTooLongOrAnUnknownArgumentIsRefused() {
        var tooLong = (ToolResult.Failure) verify("full_name", "R".repeat(101), "date_of_birth", "1962-11-30");
        var unknown = (ToolResult.Failure) verify("date_of_birth", "1962-11-30", "ssn", "123-45-6789");

        assertThat(tooLong.error(), containsString("full_name must be at most 100 characters"));
        assertThat(unknown.error(), containsString("ssn is not a parameter of verify_caller"));
        assertThat(claims, is(empty()));
    }
}
