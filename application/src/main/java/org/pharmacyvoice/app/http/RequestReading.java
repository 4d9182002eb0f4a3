package org.pharmacyvoice.app.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the parts of a request to our JSON APIs (path ids, query parameters, a JSON body) and rejects, with a 4xx
 * that says exactly what was wrong, anything that isn't what the endpoint takes.
 */
public final class RequestReading {

    /** A status change is a few dozen bytes; anything much bigger is not one. */
    public static final int MAX_BODY_BYTES = 4 * 1024;

    private RequestReading() {
    }

    /** The positive whole number in the path parameter {@code name}; {@code what} names it in the error. */
    public static long pathId(ServerRequest request, String name, String what) {
        String text = request.path().pathParameters().get(name);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // same answer as for zero or negative numbers
        }
        throw RejectedRequest.badRequest("invalid_id", what + " ids are positive whole numbers, not '" + text + "'.");
    }

    /** Rejects query parameters other than {@code known}, and any of them given more than once. */
    public static void onlyParameters(UriQuery query, String... known) {
        Set<String> allowed = Set.of(known);
        for (String name : query.names()) {
            if (!allowed.contains(name)) {
                throw RejectedRequest.badRequest("unknown_parameter", "Unknown query parameter '" + name
                        + "'; this endpoint takes " + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
            if (query.all(name).size() > 1) {
                throw RejectedRequest.badRequest("repeated_parameter", "Give the query parameter '" + name
                        + "' at most once.");
            }
        }
    }

    /** A query parameter's value, stripped; empty when it is absent or blank (so "?status=" means no filter). */
    public static Optional<String> parameter(UriQuery query, String name) {
        if (!query.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(query.get(name).strip()).filter(value -> !value.isEmpty());
    }

    /** A whole-number query parameter between {@code min} and {@code max}, or {@code fallback} when absent. */
    public static int intParameter(UriQuery query, String name, int fallback, int min, int max) {
        Optional<String> text = parameter(query, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // same answer as for a number out of range
        }
        throw RejectedRequest.badRequest("invalid_parameter", "'" + name + "' must be a whole number from " + min
                + " to " + max + ", not '" + text.get() + "'.");
    }

    /** A query parameter naming something by its id (a positive whole number); empty when absent. */
    public static Optional<Long> idParameter(UriQuery query, String name) {
        Optional<String> text = parameter(query, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(text.get());
            if (id > 0) {
                return Optional.of(id);
            }
        } catch (NumberFormatException e) {
            // same answer as for zero or negative numbers
        }
        throw RejectedRequest.badRequest("invalid_parameter", "'" + name + "' must be a positive whole number, not '"
                + text.get() + "'.");
    }

    /** A query parameter that is {@code true} or {@code false}, or {@code fallback} when absent. */
    public static boolean booleanParameter(UriQuery query, String name, boolean fallback) {
        Optional<String> text = parameter(query, name);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw RejectedRequest.badRequest("invalid_parameter", "'" + name
                    + "' must be true or false, not '" + text.get() + "'.");
        };
    }

    /**
     * The request body as a JSON object. Only {@code application/json} (or a {@code +json} type such as
     * {@code application/merge-patch+json}) is accepted, in UTF-8, as RFC 8259 requires. Each endpoint reads its
     * fields from the JSON-P object rather than binding a record with JSON-B, which would take {@code {"open":"no"}}
     * for {@code false} and {@code 1} for the string "1" (YassonBindingTest): every wrong type must be refused.
     */
    public static JsonObject jsonObjectBody(ServerRequest request) {
        requireJsonContentType(request);
        String text = utf8(body(request));
        JsonValue value;
        // The streaming parser, unlike JsonReader, notices anything after the value ("{...} x").
        try (JsonParser parser = JsonReplies.JSON.createParser(new StringReader(text))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw RejectedRequest.badRequest("malformed_json", "The body holds more than one JSON value.");
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw RejectedRequest.badRequest("malformed_json", "The body is not valid JSON: " + firstLine(e) + ".");
        }
        if (!(value instanceof JsonObject object)) {
            throw RejectedRequest.badRequest("malformed_json", "The body must be a JSON object, not "
                    + value.getValueType().name().toLowerCase(Locale.ROOT) + ".");
        }
        return object;
    }

    private static void requireJsonContentType(ServerRequest request) {
        Optional<HttpMediaType> type;
        try {
            type = request.headers().contentType();
        } catch (IllegalArgumentException e) {
            type = Optional.empty();
        }
        boolean json = type.map(t -> t.type().equalsIgnoreCase("application")
                        && (t.subtype().equalsIgnoreCase("json") || t.subtype().toLowerCase(Locale.ROOT).endsWith("+json")))
                .orElse(false);
        if (!json) {
            throw new RejectedRequest(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                    "Send the body as application/json, not "
                            + type.map(HttpMediaType::text).map(t -> "'" + t + "'").orElse("without a Content-Type") + ".");
        }
    }

    private static byte[] body(ServerRequest request) {
        if (!request.content().hasEntity()) {
            throw RejectedRequest.badRequest("malformed_json", "The body is empty; send a JSON object.");
        }
        byte[] bytes;
        try (var in = request.content().inputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new RejectedRequest(Status.REQUEST_ENTITY_TOO_LARGE_413, "body_too_large",
                    "The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw RejectedRequest.badRequest("malformed_json", "The body is not UTF-8 text.");
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        List<String> lines = message.lines().toList();
        return lines.isEmpty() ? message : lines.getFirst();
    }
}
