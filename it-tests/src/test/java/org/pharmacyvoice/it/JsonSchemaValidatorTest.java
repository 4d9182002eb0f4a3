package org.pharmacyvoice.it;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonSchemaValidatorTest {

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonObject schema(String text) {
        return json(text).asJsonObject();
    }

    private static List<String> validate(String value, String schema) {
        return JsonSchemaValidator.validate(json(value), schema(schema));
    }

    @Nested
    class Keywords {

        @Test
        void missingRequiredPropertyIsReportedAtTheObjectsPath() {
            assertThat(validate("{\"audio\":{}}",
                            "{\"properties\":{\"audio\":{\"type\":\"object\",\"required\":[\"input\",\"output\"]}}}"),
                    contains("/audio: missing required property 'input'", "/audio: missing required property 'output'"));
        }

        @Test
        void missingRequiredPropertyAtTheRootIsReportedAtSlash() {
            assertThat(validate("{}", "{\"type\":\"object\",\"required\":[\"type\"]}"),
                    contains("/: missing required property 'type'"));
        }

        @Test
        void valueOutsideEnumFails() {
            assertThat(validate("\"mp4\"", "{\"type\":\"string\",\"enum\":[\"mulaw\",\"alaw\"]}"),
                    contains("/: \"mp4\" is not one of [\"mulaw\",\"alaw\"]"));
        }

        @Test
        void enumComparesNumbersByValue() {
            assertThat(validate("1.0", "{\"enum\":[1, 2]}"), is(empty()));
        }

        @Test
        void wrongTypeFails() {
            assertThat(validate("{\"n\":\"8000\"}", "{\"properties\":{\"n\":{\"type\":\"integer\"}}}"),
                    contains("/n: expected type integer but was string"));
        }

        @Test
        void integerRejectsAFraction() {
            assertThat(validate("1.5", "{\"type\":\"integer\"}"), contains("/: expected type integer but was number 1.5"));
        }

        @Test
        void integerAcceptsWholeNumbersWrittenEitherWay() {
            assertThat(validate("8000", "{\"type\":\"integer\"}"), is(empty()));
            assertThat(validate("8000.0", "{\"type\":\"integer\"}"), is(empty()));
            assertThat(validate("8E3", "{\"type\":\"integer\"}"), is(empty()));
        }

        @Test
        void numberAcceptsIntegersAndFractions() {
            assertThat(validate("1", "{\"type\":\"number\"}"), is(empty()));
            assertThat(validate("0.7", "{\"type\":\"number\"}"), is(empty()));
            assertThat(validate("\"0.7\"", "{\"type\":\"number\"}"), hasSize(1));
        }

        @Test
        void booleanNullObjectAndArrayTypesAreDistinguished() {
            assertThat(validate("true", "{\"type\":\"boolean\"}"), is(empty()));
            assertThat(validate("null", "{\"type\":\"null\"}"), is(empty()));
            assertThat(validate("[]", "{\"type\":\"object\"}"), contains("/: expected type object but was array"));
            assertThat(validate("{}", "{\"type\":\"array\"}"), contains("/: expected type array but was object"));
            assertThat(validate("\"true\"", "{\"type\":\"boolean\"}"), contains("/: expected type boolean but was string"));
        }

        @Test
        void typeArrayAcceptsAnyListedType() {
            String schema = "{\"type\":[\"string\",\"null\"]}";
            assertThat(validate("null", schema), is(empty()));
            assertThat(validate("\"x\"", schema), is(empty()));
            assertThat(validate("1", schema), contains("/: expected type [string, null] but was integer 1"));
        }

        @Test
        void constMustMatchExactly() {
            assertThat(validate("\"Settings\"", "{\"const\":\"Settings\"}"), is(empty()));
            assertThat(validate("\"settings\"", "{\"const\":\"Settings\"}"),
                    contains("/: expected constant \"Settings\" but was \"settings\""));
        }

        @Test
        void additionalPropertiesFalseRejectsUndeclaredMembers() {
            assertThat(validate("{\"a\":1,\"track\":\"inbound\"}",
                            "{\"properties\":{\"a\":{}},\"additionalProperties\":false}"),
                    contains("/: property 'track' is not allowed (additionalProperties: false)"));
        }

        @Test
        void additionalPropertiesSchemaValidatesUndeclaredMembers() {
            String headers = "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}";
            assertThat(validate("{\"x-a\":\"1\"}", headers), is(empty()));
            assertThat(validate("{\"x-a\":1}", headers), contains("/x-a: expected type string but was integer 1"));
        }

        @Test
        void undeclaredMembersAreAllowedByDefault() {
            assertThat(validate("{\"defer_until_eot\":true}", "{\"type\":\"object\",\"properties\":{}}"), is(empty()));
        }

        @Test
        void itemsAreCheckedWithTheirIndexInThePath() {
            assertThat(validate("{\"keyterms\":[\"a\",2]}",
                            "{\"properties\":{\"keyterms\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}"),
                    contains("/keyterms/1: expected type string but was integer 2"));
        }

        @Test
        void pathTokensAreEscapedAsJsonPointer() {
            assertThat(validate("{\"a/b\":{\"c~d\":1}}",
                            "{\"properties\":{\"a/b\":{\"properties\":{\"c~d\":{\"type\":\"string\"}}}}}"),
                    contains("/a~1b/c~0d: expected type string but was integer 1"));
        }

        @Test
        void oneOfIsReadAsAnyOfSoAValueMatchingTwoBranchesPasses() {
            assertThat(validate("{\"model\":\"nova-3\"}",
                    "{\"oneOf\":[{\"type\":\"object\"},{\"type\":\"object\",\"required\":[\"model\"]}]}"), is(empty()));
        }

        @Test
        void oneOfMatchingNoBranchFailsAndShowsTheBranchesOfTheRightType() {
            List<String> violations = validate("{\"think\":\"x\"}",
                    "{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"think\":{\"type\":\"object\"}}},{\"type\":\"string\"}]}");
            assertThat(violations, contains(
                    "/: matches none of the 2 oneOf alternatives: #0 {/think: expected type object but was string}"));
        }

        @Test
        void oneOfWithNoBranchOfTheRightTypeNamesTheExpectedTypes() {
            assertThat(validate("\"x\"", "{\"oneOf\":[{\"type\":\"object\"},{\"type\":\"array\"}]}"),
                    contains("/: expected type object or array but was string (oneOf)"));
        }

        @Test
        void anyOfAndAllOf() {
            assertThat(validate("5", "{\"anyOf\":[{\"maximum\":1},{\"minimum\":4}]}"), is(empty()));
            assertThat(validate("3", "{\"anyOf\":[{\"maximum\":1},{\"minimum\":4}]}"), hasSize(1));
            assertThat(validate("3", "{\"allOf\":[{\"minimum\":1},{\"maximum\":2}]}"),
                    contains("/: 3 is greater than the maximum 2"));
        }

        @Test
        void minimumAndMaximumAreInclusive() {
            String temperature = "{\"type\":\"number\",\"minimum\":0,\"maximum\":2}";
            assertThat(validate("0", temperature), is(empty()));
            assertThat(validate("2.0", temperature), is(empty()));
            assertThat(validate("-0.1", temperature), contains("/: -0.1 is less than the minimum 0"));
            assertThat(validate("2.01", temperature), contains("/: 2.01 is greater than the maximum 2"));
        }

        @Test
        void stringLengthCountsCodePoints() {
            assertThat(validate("\"ab\"", "{\"minLength\":3}"), contains("/: string length 2 is below minLength 3"));
            assertThat(validate("\"abcd\"", "{\"maxLength\":3}"), contains("/: string length 4 exceeds maxLength 3"));
            assertThat(validate("\"\uD83D\uDC8A\"", "{\"maxLength\":1}"), is(empty()));
        }

        @Test
        void arrayLengthLimits() {
            assertThat(validate("[]", "{\"minItems\":1}"), contains("/: 0 items is below minItems 1"));
            assertThat(validate("[1,2]", "{\"maxItems\":1}"), contains("/: 2 items exceeds maxItems 1"));
        }

        @Test
        void patternIsUnanchoredUnlessTheRegexAnchorsIt() {
            assertThat(validate("\"xxMZ1\"", "{\"pattern\":\"MZ\"}"), is(empty()));
            String sid = "{\"pattern\":\"^MZ[0-9a-fA-F]{32}$\"}";
            assertThat(validate("\"MZ0123456789abcdef0123456789abcdef\"", sid), is(empty()));
            assertThat(validate("\"MZ123\"", sid), contains("/: \"MZ123\" does not match pattern ^MZ[0-9a-fA-F]{32}$"));
        }

        @Test
        void keywordsForOtherTypesDoNotApply() {
            assertThat(validate("5", "{\"properties\":{\"a\":{}},\"required\":[\"a\"],\"items\":{},\"minLength\":9}"), is(empty()));
        }

        @Test
        void annotationsAreIgnored() {
            assertThat(validate("\"x\"", "{\"description\":\"d\",\"title\":\"t\",\"default\":1,\"format\":\"uuid\","
                    + "\"deprecated\":true,\"examples\":[1]}"), is(empty()));
        }

        @Test
        void unsupportedKeywordsAreRefusedRatherThanIgnored() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> validate("{}", "{\"properties\":{\"a\":{\"$ref\":\"#/x\"}}}"));
            assertThat(e.getMessage(), is("unsupported JSON Schema keyword '$ref' at #/properties/a"));
            assertThrows(IllegalArgumentException.class, () -> validate("1", "{\"anyOf\":[{},{\"exclusiveMinimum\":0}]}"));
        }
    }

    @Nested
    class AgainstTheDeepgramSpec {

        private final JsonObject settingsSchema = DeepgramAgentSpec.clientToServer("AgentV1Settings");

        private JsonObject example(Map<String, JsonValue> patch) {
            // Shallow JSON-pointer style patching keeps each test to the one field it breaks.
            JsonObject example = DeepgramAgentSpec.telephonySettingsExample();
            for (Map.Entry<String, JsonValue> p : patch.entrySet()) {
                example = Json.createPointer(p.getKey()).replace(example, p.getValue());
            }
            return example;
        }

        @Test
        void telephonySettingsExamplePasses() {
            assertThat(JsonSchemaValidator.validate(DeepgramAgentSpec.telephonySettingsExample(), settingsSchema), is(empty()));
        }

        @Test
        void unknownInputEncodingFails() {
            List<String> violations = JsonSchemaValidator.validate(
                    example(Map.of("/audio/input/encoding", Json.createValue("mp4"))), settingsSchema);
            assertThat(violations, hasSize(1));
            assertThat(violations.get(0), containsString("/audio/input/encoding: \"mp4\" is not one of [\"linear16\""));
        }

        @Test
        void thinkAsAStringFails() {
            JsonObject settings = Json.createObjectBuilder(DeepgramAgentSpec.telephonySettingsExample())
                    .add("agent", Json.createObjectBuilder().add("think", "x"))
                    .build();
            List<String> violations = JsonSchemaValidator.validate(settings, settingsSchema);
            assertThat(violations, contains("/agent: matches none of the 2 oneOf alternatives: "
                    + "#0 {/agent/think: expected type object or array but was string (oneOf)}"));
        }

        @Test
        void functionParametersMustBeAnObject() {
            List<String> violations = JsonSchemaValidator.validate(
                    example(Map.of("/agent/think/functions/0/parameters", Json.createValue("oops"))), settingsSchema);
            assertThat(violations, hasSize(1));
            assertThat(violations.get(0), containsString("/agent/think/functions/0/parameters: expected type object but was string"));
        }

        @Test
        void sampleRateMustBeAnInteger() {
            List<String> violations = JsonSchemaValidator.validate(
                    example(Map.of("/audio/input/sample_rate", Json.createValue(8000.5))), settingsSchema);
            assertThat(violations, contains("/audio/input/sample_rate: expected type integer but was number 8000.5"));
        }

        @Test
        void temperatureAboveTheProvidersMaximumFails() {
            List<String> violations = JsonSchemaValidator.validate(
                    example(Map.of("/agent/think/provider/temperature", Json.createValue(2.5))), settingsSchema);
            assertThat(violations, hasSize(1));
            assertThat(violations.get(0), containsString("/agent/think/provider/temperature: 2.5 is greater than the maximum 2"));
        }

        @Test
        void missingTypeFails() {
            JsonObject settings = Json.createObjectBuilder(DeepgramAgentSpec.telephonySettingsExample()).remove("type").build();
            assertThat(JsonSchemaValidator.validate(settings, settingsSchema), contains("/: missing required property 'type'"));
        }

        @Test
        void everyMessageSchemaInTheSpecUsesOnlySupportedKeywords() {
            JsonObject document = DeepgramAgentSpec.readJsonResource(DeepgramAgentSpec.MESSAGES_RESOURCE);
            int checked = 0;
            for (String direction : List.of("client_to_server", "server_to_client")) {
                for (String message : document.getJsonObject(direction).keySet()) {
                    JsonObject payload = document.getJsonObject(direction).getJsonObject(message).getJsonObject("payload");
                    // Throws on any keyword the validator would otherwise skip.
                    JsonSchemaValidator.validate(JsonValue.EMPTY_JSON_OBJECT, payload);
                    checked++;
                }
            }
            assertThat(checked, is(29));
        }
    }
}
