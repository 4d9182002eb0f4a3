package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.fakes.InMemoryDispensary;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.storefront.Storefront;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ParameterType;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;
import org.pharmacyvoice.domain.tool.Toolbox;

/** How the tools present themselves to the agent, and how they work together with the domain's Toolbox. */
class PharmacyToolsTest {

    private static final CallContext CALLER = new CallContext("CA1", "MZ1", "+15551230001", "+15550009999");

    @TempDir
    Path folder;

    private PharmacyDatabase database;
    private List<BusinessTool> tools;

    @BeforeEach
    void open() {
        database = PharmacyDatabase.open(new DatabaseSettings("jdbc:h2:file:" + folder.resolve("pharmacy"), "sa", "", 2));
        var records = new InMemoryDispensary();
        tools = PharmacyTools.create(PharmacyCounters.on(database, Clock.systemUTC()),
                Dispensary.open(records, records, records, records, records, new RefillPolicy(RefillRules.standard(),
                        OpeningHours.parse("Mon-Fri 09:00-19:00", ZoneOffset.UTC), Duration.ofHours(2)),
                        Clock.systemUTC()),
                new Storefront(OpeningHours.parse("Mon-Fri 09:00-19:00", ZoneOffset.UTC), Clock.systemUTC()),
                new ScriptedErrands(), ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void toolsComeInTheAgreedOrder() {
        assertThat(tools.stream().map(tool -> tool.spec().name()).toList(),
                contains("verify_caller", "get_drug_info", "place_order", "request_refill", "refill_status",
                        "list_prescriptions", "lookup_order", "find_my_orders", "cancel_order", "store_hours",
                        "read_message", "stop_calls"));
    }

    @Test
    void onlyTheToolsThatChangeSomethingWaitForTheEndOfTheCallersTurn() {
        assertThat(tools.stream().map(tool -> tool.spec().deferUntilEndOfTurn()).toList(),
                contains(false, false, true, true, false, false, false, false, true, false, false, true));
    }

    @Test
    void everyToolButTheFormularysTheOpeningHoursAndStoppingCallsIsAboutPatientsSoItsRecordsKeepOutcomesOnly() {
        assertThat(tools.stream().filter(tool -> !tool.spec().patientData()).map(tool -> tool.spec().name()).toList(),
                contains("get_drug_info", "store_hours", "stop_calls"));
        assertThat(tools.get(0).spec().recordedResultKeys(), contains("outcome", "attempts_left"));
    }

    @Test
    void placeOrderDeclaresAnOptionalQuantityFromOneToAHundred() {
        ToolSpec spec = tools.get(2).spec();
        ToolParameter quantity = spec.parameters().get(2);

        assertThat(spec.parameters().stream().map(ToolParameter::name).toList(),
                contains("customer_name", "drug_name", "quantity"));
        assertThat(quantity.type(), is(ParameterType.INTEGER));
        assertThat(quantity.required(), is(false));
        assertThat(quantity.minimum().orElseThrow(), is(1L));
        assertThat(quantity.maximum().orElseThrow(), is(100L));
    }

    @Test
    void toolboxRefusesAnOrderOfMoreThanAHundredBeforeAnythingIsWritten() {
        var toolbox = new Toolbox(tools);

        ToolResult result = toolbox.run(ToolCall.of("fc_1", "place_order", ToolArguments.of(
                "customer_name", "Alice Moreau", "drug_name", "ibuprofen", "quantity", 101)), CALLER);

        assertThat(result, instanceOf(ToolResult.Failure.class));
        assertThat(((ToolResult.Failure) result).error(), containsString("quantity must be at most 100"));
        assertThat(database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM orders").mapTo(Long.class).one()),
                is(0L));
    }

    @Test
    void toolboxRunsAnOrderEndToEnd() {
        var toolbox = new Toolbox(tools);

        ToolResult result = toolbox.run(ToolCall.of("fc_2", "place_order", ToolArguments.of(
                "customer_name", "Alice Moreau", "drug_name", "Tylenol", "quantity", 2)), CALLER);

        assertThat(result, instanceOf(ToolResult.Success.class));
        assertThat(((ToolResult.Success) result).data().get("drug"), is("acetaminophen"));
    }
}
