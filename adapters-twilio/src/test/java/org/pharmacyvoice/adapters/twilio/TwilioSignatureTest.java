package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TwilioSignatureTest {

    /** One entry of twilio-signature-vectors.json (a copy of ../shared/reference). */
    record Vector(String description, String authToken, String url, Map<String, List<String>> params, String body,
                  String expected, boolean valid) {

        @Override
        public String toString() {
            return description.length() > 90 ? description.substring(0, 90) + "…" : description;
        }
    }

    static Stream<Arguments> vectors() throws Exception {
        try (InputStream in = TwilioSignatureTest.class.getResourceAsStream("/twilio-signature-vectors.json");
             var reader = Json.createReader(in)) {
            return reader.readArray().getValuesAs(JsonObject.class).stream().map(TwilioSignatureTest::vector)
                    .map(Arguments::of);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyVectorGivesItsExactResult(Vector vector) {
        var signature = new TwilioSignature(vector.authToken());

        boolean accepted = vector.body() == null
                ? signature.matches(vector.url(), vector.params(), vector.expected())
                : signature.matchesJson(vector.url(), vector.body().getBytes(StandardCharsets.UTF_8),
                        vector.expected());

        assertThat(accepted, equalTo(vector.valid()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void portTolerantCheckAcceptsEveryValidVectorAndOnlyThePortStrippedNegativeOne(Vector vector) {
        var signature = new TwilioSignature(vector.authToken());
        List<String> urls = TwilioSignature.portVariants(vector.url());
        boolean portStripped = vector.url().startsWith("https://mycompany.com:1234/");

        boolean accepted = vector.body() == null
                ? signature.matchesAny(urls, vector.params(), vector.expected())
                : signature.matchesAnyJson(urls, vector.body().getBytes(StandardCharsets.UTF_8), vector.expected());

        assertThat(accepted, equalTo(vector.valid() || portStripped));
    }

    @Test
    void thePortStrippedVectorFailsTheExactCheckButPassesThePortTolerantOne() throws Exception {
        Vector vector = vectors().map(a -> (Vector) a.get()[0])
                .filter(v -> v.url().startsWith("https://mycompany.com:1234/")).findFirst().orElseThrow();
        var signature = new TwilioSignature(vector.authToken());

        assertThat(signature.matches(vector.url(), vector.params(), vector.expected()), is(false));
        assertThat(signature.matchesAny(TwilioSignature.portVariants(vector.url()), vector.params(),
                vector.expected()), is(true));
    }

    @Test
    void signingGivesTheDocumentedValue() {
        var signature = new TwilioSignature("12345");

        String signed = signature.sign("https://example.com/myapp.php?foo=1&bar=2", Map.of(
                "Digits", List.of("1234"), "To", List.of("+18005551212"), "From", List.of("+14158675310"),
                "Caller", List.of("+14158675310"), "CallSid", List.of("CA1234567890ABCDE")));

        assertThat(signed, equalTo("L/OH5YylLD5NRKLltdqwSvS0BnU="));
    }

    @Test
    void missingSignatureOrAnotherAuthTokenIsRejected() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        Map<String, List<String>> none = Map.of();

        assertThat(new TwilioSignature("12345").matches(url, none, null), is(false));
        assertThat(new TwilioSignature("12345").matches(url, none, ""), is(false));
        assertThat(new TwilioSignature("54321").matches(url, none, "zYQTYrRWXE7LtzbG4PfP7/bkkGo="), is(false));
        assertThat(new TwilioSignature("12345").matches(url, none, "zYQTYrRWXE7LtzbG4PfP7/bkkGo="), is(true));
    }

    @Test
    void jsonBodyWhoseHashDiffersFromTheUrlsIsRejectedEvenWithAValidUrlSignature() {
        String url = "https://mycompany.com/myapp.php?bodySHA256="
                + "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        var signature = new TwilioSignature("12345");

        assertThat(signature.matchesJson(url, "{\"property\": \"value\", \"boolean\": true}".getBytes(
                StandardCharsets.UTF_8), "y77kIzt2vzLz71DgmJGsen2scGs="), is(true));
        assertThat(signature.matchesJson(url, "{\"property\": \"other\", \"boolean\": true}".getBytes(
                StandardCharsets.UTF_8), "y77kIzt2vzLz71DgmJGsen2scGs="), is(false));
    }

    @Test
    void portVariantsAddTheDefaultPortOrDropAnyPortAndCredentials() {
        assertThat(TwilioSignature.portVariants("https://example.com/a?b=1"),
                contains("https://example.com/a?b=1", "https://example.com:443/a?b=1"));
        assertThat(TwilioSignature.portVariants("http://example.com/a"),
                contains("http://example.com/a", "http://example.com:80/a"));
        assertThat(TwilioSignature.portVariants("wss://example.com/media-stream"),
                contains("wss://example.com/media-stream", "wss://example.com:443/media-stream"));
        assertThat(TwilioSignature.portVariants("https://user:pw@example.com:8443/a"),
                contains("https://user:pw@example.com:8443/a", "https://example.com/a"));
        assertThat(TwilioSignature.portVariants("http://[::1]:8080/a"),
                contains("http://[::1]:8080/a", "http://[::1]/a"));
        assertThat(TwilioSignature.portVariants("https://example.com"),
                contains("https://example.com", "https://example.com:443"));
        assertThat(TwilioSignature.portVariants("not a url"), contains("not a url"));
    }

    private static Vector vector(JsonObject json) {
        var params = new LinkedHashMap<String, List<String>>();
        JsonValue raw = json.get("params");
        if (raw instanceof JsonArray pairs) {
            for (JsonArray pair : pairs.getValuesAs(JsonArray.class)) {
                params.computeIfAbsent(pair.getString(0), n -> new ArrayList<>()).add(text(pair.get(1)));
            }
        } else {
            raw.asJsonObject().forEach((name, value) -> {
                var values = new ArrayList<String>();
                values.add(text(value));
                params.put(name, values);
            });
        }
        return new Vector(json.getString("description"), json.getString("authToken"), json.getString("url"), params,
                json.containsKey("body") ? json.getString("body") : null, json.getString("expected"),
                json.getBoolean("valid"));
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null; // JSON null: the validator reads it as ""
    }
}
