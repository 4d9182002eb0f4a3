package org.pharmacyvoice.it.load.cascade;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** The fakes' few JSON needs, with one provider looked up once (the service loader is slow). */
final class Json {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {
    }

    /** The object {@code text} holds, or null when it holds none. */
    static JsonObject read(String text) {
        try (var reader = PROVIDER.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code text} as a JSON string, quotes included. */
    static String quote(String text) {
        return PROVIDER.createValue(text).toString();
    }
}
