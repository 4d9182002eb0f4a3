package org.pharmacyvoice.it.fakes;

import java.util.Objects;
import java.util.UUID;

/** One client-side function call the fake Deepgram agent asks for; {@code arguments} is a JSON string, as on the wire. */
public record FunctionCall(String id, String name, String arguments) {

    public FunctionCall {
        Objects.requireNonNull(id, "'id' must not be null");
        Objects.requireNonNull(name, "'name' must not be null");
        Objects.requireNonNull(arguments, "'arguments' must not be null");
    }

    /** A call with a fresh id in Deepgram's style ({@code fc_<uuid>}). */
    public static FunctionCall of(String name, String argumentsJson) {
        return new FunctionCall("fc_" + UUID.randomUUID(), name, argumentsJson);
    }
}
