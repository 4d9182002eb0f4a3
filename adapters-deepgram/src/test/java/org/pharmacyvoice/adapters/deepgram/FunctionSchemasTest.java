package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.tool.ToolSpec;

class FunctionSchemasTest {

    @Test
    void toolBecomesClientSideFunctionWithNameDescriptionAndClosedParameterSchema() {
        JsonObject function = FunctionSchemas.function(Fixtures.lookupOrder());

        assertThat(function.keySet(), containsInAnyOrder("name", "description", "parameters"));
        assertThat(function.getString("name"), is("lookup_order"));
        assertThat(function.getString("description"), is("Look up an existing order by its number."));
        JsonObject parameters = function.getJsonObject("parameters");
        assertThat(parameters.getString("type"), is("object"));
        assertThat(parameters.get("additionalProperties"), is(JsonValue.FALSE));
        assertThat(parameters.getJsonArray("required").getString(0), is("order_id"));
        assertThat(parameters.getJsonObject("properties").getJsonObject("order_id"), is(FakeDeepgram.parse(
                "{\"type\":\"integer\",\"description\":\"The order number\"}")));
    }

    @Test
    void requiredListNamesOnlyRequiredParametersInDeclarationOrder() {
        JsonObject parameters = FunctionSchemas.parameters(Fixtures.placeOrder());

        assertThat(parameters.getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString),
                contains("customer_name", "drug_name", "quantity"));
        assertThat(parameters.getJsonObject("properties").keySet(),
                contains("customer_name", "drug_name", "quantity", "delivery", "urgent"));
    }

    @Test
    void requiredTextMustNotBeEmptyAndKeepsItsLengthLimit() {
        JsonObject drugName = FunctionSchemas.parameters(Fixtures.drugInfo())
                .getJsonObject("properties").getJsonObject("drug_name");

        assertThat(drugName, is(FakeDeepgram.parse(
                "{\"type\":\"string\",\"description\":\"The name of the drug\",\"minLength\":1,\"maxLength\":80}")));
    }

    @Test
    void optionalTextWithAllowedValuesBecomesEnumWithoutMinimumLength() {
        JsonObject delivery = FunctionSchemas.parameters(Fixtures.placeOrder())
                .getJsonObject("properties").getJsonObject("delivery");

        assertThat(delivery, is(FakeDeepgram.parse("{\"type\":\"string\",\"description\":\"How the caller gets it\","
                + "\"enum\":[\"pickup\",\"mail\"],\"maxLength\":200}")));
    }

    @Test
    void boundedIntegerGetsMinimumAndMaximumButNoLength() {
        JsonObject quantity = FunctionSchemas.parameters(Fixtures.placeOrder())
                .getJsonObject("properties").getJsonObject("quantity");

        assertThat(quantity, is(FakeDeepgram.parse(
                "{\"type\":\"integer\",\"description\":\"How many packs\",\"minimum\":1,\"maximum\":10}")));
    }

    @Test
    void flagBecomesBoolean() {
        JsonObject urgent = FunctionSchemas.parameters(Fixtures.placeOrder())
                .getJsonObject("properties").getJsonObject("urgent");

        assertThat(urgent, is(FakeDeepgram.parse(
                "{\"type\":\"boolean\",\"description\":\"Whether it is needed today\"}")));
    }

    @Test
    void deferUntilEndOfTurnIsSentOnlyForDeferredTools() {
        assertThat(FunctionSchemas.function(Fixtures.placeOrder()).get("defer_until_eot"), is(JsonValue.TRUE));
        assertThat(FunctionSchemas.function(Fixtures.drugInfo()).containsKey("defer_until_eot"), is(false));
    }

    @Test
    void toolWithoutParametersHasEmptyPropertiesAndNoRequiredList() {
        JsonObject parameters = FunctionSchemas.parameters(ToolSpec.of("end_call", "Ends the call."));

        assertThat(parameters, is(FakeDeepgram.parse(
                "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}")));
    }
}
