package org.pharmacyvoice.it.fakes;

import java.io.StringReader;
import java.util.NoSuchElementException;
import java.util.Optional;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/** Lenient JSON parsing for fakes, which must record bad input rather than throw on it. */
final class JsonText {

    /** Looked up once: every {@code Json.createXxx} call searches the class path for the provider again. */
    static final JsonProvider JSON = JsonProvider.provider();

    private JsonText() {
    }

    /** The parsed value, or empty if {@code text} is not exactly one JSON value. */
    static Optional<JsonValue> parse(String text) {
        // A JsonParser rather than JsonReader.readValue(), which ignores trailing text such as "5.99 Aspirin".
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            return parser.hasNext() ? Optional.empty() : Optional.of(value);
        } catch (JsonException | NoSuchElementException e) {
            return Optional.empty();
        }
    }

    /** Keeps violation messages readable when a whole Settings message is quoted. */
    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
