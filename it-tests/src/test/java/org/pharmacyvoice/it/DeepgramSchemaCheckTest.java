package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.networknt.schema.InvalidSchemaException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fake agent's spec check: networknt's validator, set up as the reference README asks ({@code oneOf} read as
 * {@code anyOf}, every other keyword strict, unknown keywords refused). It rejects every value that the hand-written
 * validator it replaced rejected (the cases of that validator's tests, kept below), and accepts what that accepted.
 */
class DeepgramSchemaCheckTest {

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static List<String> violations(String value, String schema) {
        return DeepgramSchemaCheck.violations(json(value), json(schema).asJsonObject());
    }

    @Nested
    class AsTheReferenceAsks {

        @Test
        void oneOfIsReadAsAnyOfSoAValueMatchingTwoBranchesPasses() {
            assertThat(violations("{\"model\":\"nova-3\"}",
                    "{\"oneOf\":[{\"type\":\"object\"},{\"type\":\"object\",\"required\":[\"model\"]}]}"), is(empty()));
        }

        @Test
        void oneOfMatchingNoBranchFails() {
            assertThat(violations("\"x\"", "{\"oneOf\":[{\"type\":\"object\"},{\"type\":\"array\"}]}"),
                    not(empty()));
        }

        @Test
        void aPropertyNamedOneOfIsLeftAlone() {
            String schema = "{\"properties\":{\"oneOf\":{\"type\":\"string\"}},\"required\":[\"oneOf\"]}";
            assertThat(violations("{\"oneOf\":\"x\"}", schema), is(empty()));
            assertThat(violations("{\"oneOf\":1}", schema), contains(startsWith("/oneOf: ")));
        }

        @Test
        void aKeywordTheValidatorDoesNotKnowIsRefusedRatherThanIgnored() {
            assertThrows(InvalidSchemaException.class,
                    () -> violations("{}", "{\"properties\":{\"a\":{\"minimun\":0}}}"));
            assertThrows(InvalidSchemaException.class,
                    () -> violations("1", "{\"anyOf\":[{},{\"discriminator\":{\"propertyName\":\"type\"}}]}"));
        }

        @Test
        void formatIsAnAnnotation() {
            assertThat(violations("0.7", "{\"type\":\"number\",\"format\":\"double\"}"), is(empty()));
            assertThat(violations("\"not-a-uuid\"", "{\"type\":\"string\",\"format\":\"uuid\"}"), is(empty()));
        }

        @Test
        void annotationsAreIgnored() {
            assertThat(violations("\"x\"", "{\"description\":\"d\",\"title\":\"t\",\"default\":1,\"format\":\"uuid\","
                    + "\"deprecated\":true,\"examples\":[1]}"), is(empty()));
        }
    }

    /** Each case: a value, a schema, and where the old validator reported the violation. */
    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"audio":{}}                  | {"properties":{"audio":{"type":"object","required":["input","output"]}}} | /audio
            {}                            | {"type":"object","required":["type"]}                                    | /
            "mp4"                         | {"type":"string","enum":["mulaw","alaw"]}                                | /
            {"n":"8000"}                  | {"properties":{"n":{"type":"integer"}}}                                  | /n
            1.5                           | {"type":"integer"}                                                       | /
            "0.7"                         | {"type":"number"}                                                        | /
            []                            | {"type":"object"}                                                        | /
            {}                            | {"type":"array"}                                                         | /
            "true"                        | {"type":"boolean"}                                                       | /
            1                             | {"type":["string","null"]}                                               | /
            "settings"                    | {"const":"Settings"}                                                     | /
            {"a":1,"track":"inbound"}     | {"properties":{"a":{}},"additionalProperties":false}                     | /
            {"x-a":1}                     | {"type":"object","additionalProperties":{"type":"string"}}               | /x-a
            {"keyterms":["a",2]}          | {"properties":{"keyterms":{"type":"array","items":{"type":"string"}}}}   | /keyterms/1
            {"a/b":{"c~d":1}}             | {"properties":{"a/b":{"properties":{"c~d":{"type":"string"}}}}}          | /a~1b/c~0d
            {"think":"x"}                 | {"oneOf":[{"type":"object","properties":{"think":{"type":"object"}}},{"type":"string"}]} | /
            "x"                           | {"oneOf":[{"type":"object"},{"type":"array"}]}                           | /
            3                             | {"anyOf":[{"maximum":1},{"minimum":4}]}                                  | /
            3                             | {"allOf":[{"minimum":1},{"maximum":2}]}                                  | /
            -0.1                          | {"type":"number","minimum":0,"maximum":2}                                | /
            2.01                          | {"type":"number","minimum":0,"maximum":2}                                | /
            "ab"                          | {"minLength":3}                                                          | /
            "abcd"                        | {"maxLength":3}                                                          | /
            []                            | {"minItems":1}                                                           | /
            [1,2]                         | {"maxItems":1}                                                           | /
            "MZ123"                       | {"pattern":"^MZ[0-9a-fA-F]{32}$"}                                        | /
            """)
    void rejectsWhatTheHandWrittenValidatorRejected(String value, String schema, String where) {
        List<String> violations = violations(value, schema);
        assertThat(violations, not(empty()));
        assertThat(violations, everyItem(startsWith(where)));
        assertThat(violations, hasItem(startsWith(where + ": ")));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            1.0                           | {"enum":[1,2]}
            8000                          | {"type":"integer"}
            8000.0                        | {"type":"integer"}
            8E3                           | {"type":"integer"}
            1                             | {"type":"number"}
            0.7                           | {"type":"number"}
            true                          | {"type":"boolean"}
            null                          | {"type":"null"}
            null                          | {"type":["string","null"]}
            "x"                           | {"type":["string","null"]}
            "Settings"                    | {"const":"Settings"}
            {"x-a":"1"}                   | {"type":"object","additionalProperties":{"type":"string"}}
            {"defer_until_eot":true}      | {"type":"object","properties":{}}
            5                             | {"anyOf":[{"maximum":1},{"minimum":4}]}
            0                             | {"type":"number","minimum":0,"maximum":2}
            2.0                           | {"type":"number","minimum":0,"maximum":2}
            "\uD83D\uDC8A"                | {"maxLength":1}
            "xxMZ1"                       | {"pattern":"MZ"}
            "MZ0123456789abcdef0123456789abcdef" | {"pattern":"^MZ[0-9a-fA-F]{32}$"}
            5                             | {"properties":{"a":{}},"required":["a"],"items":{},"minLength":9}
            """)
    void acceptsWhatTheHandWrittenValidatorAccepted(String value, String schema) {
        assertThat(violations(value, schema), is(empty()));
    }

    @Test
    void aMissingRequiredPropertyIsReportedAtItsObjectNamingIt() {
        assertThat(violations("{\"audio\":{}}",
                        "{\"properties\":{\"audio\":{\"type\":\"object\",\"required\":[\"input\",\"output\"]}}}"),
                containsInAnyOrder(containsString("input"), containsString("output")));
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
            assertThat(DeepgramSchemaCheck.violations(DeepgramAgentSpec.telephonySettingsExample(), settingsSchema),
                    is(empty()));
        }

        @Test
        void unknownInputEncodingFails() {
            List<String> violations = DeepgramSchemaCheck.violations(
                    example(Map.of("/audio/input/encoding", Json.createValue("mp4"))), settingsSchema);
            assertThat(violations, contains("/audio/input/encoding: does not have a value in the enumeration "
                    + "[\"linear16\", \"linear32\", \"flac\", \"alaw\", \"mulaw\", \"amr-nb\", \"amr-wb\", \"opus\", "
                    + "\"ogg-opus\", \"speex\", \"g729\"]"));
        }

        @Test
        void thinkAsAStringFails() {
            JsonObject settings = Json.createObjectBuilder(DeepgramAgentSpec.telephonySettingsExample())
                    .add("agent", Json.createObjectBuilder().add("think", "x"))
                    .build();
            List<String> violations = DeepgramSchemaCheck.violations(settings, settingsSchema);
            assertThat(violations, hasItem("/agent/think: string found, object expected"));
            assertThat(violations, everyItem(startsWith("/agent")));
        }

        @Test
        void functionParametersMustBeAnObject() {
            List<String> violations = DeepgramSchemaCheck.violations(
                    example(Map.of("/agent/think/functions/0/parameters", Json.createValue("oops"))), settingsSchema);
            assertThat(violations, hasItem("/agent/think/functions/0/parameters: string found, object expected"));
            assertThat(violations, everyItem(startsWith("/agent")));
        }

        @Test
        void sampleRateMustBeAnInteger() {
            List<String> violations = DeepgramSchemaCheck.violations(
                    example(Map.of("/audio/input/sample_rate", Json.createValue(8000.5))), settingsSchema);
            assertThat(violations, contains("/audio/input/sample_rate: number found, integer expected"));
        }

        @Test
        void temperatureAboveTheProvidersMaximumFails() {
            List<String> violations = DeepgramSchemaCheck.violations(
                    example(Map.of("/agent/think/provider/temperature", Json.createValue(2.5))), settingsSchema);
            assertThat(violations, hasItem("/agent/think/provider/temperature: must have a maximum value of 2"));
            assertThat(violations, everyItem(startsWith("/agent")));
        }

        @Test
        void missingTypeFails() {
            JsonObject settings = Json.createObjectBuilder(DeepgramAgentSpec.telephonySettingsExample())
                    .remove("type").build();
            assertThat(DeepgramSchemaCheck.violations(settings, settingsSchema),
                    contains("/: required property 'type' not found"));
        }

        @Test
        void everyMessageSchemaInTheSpecLoadsWithOnlyKeywordsTheValidatorKnows() {
            JsonObject document = DeepgramAgentSpec.readJsonResource(DeepgramAgentSpec.MESSAGES_RESOURCE);
            int checked = 0;
            for (String direction : List.of("client_to_server", "server_to_client")) {
                for (String message : document.getJsonObject(direction).keySet()) {
                    JsonObject payload = document.getJsonObject(direction).getJsonObject(message)
                            .getJsonObject("payload");
                    // Throws on any keyword the validator would otherwise skip.
                    DeepgramSchemaCheck.violations(JsonValue.EMPTY_JSON_OBJECT, payload);
                    checked++;
                }
            }
            assertThat(checked, is(29));
        }
    }
}
