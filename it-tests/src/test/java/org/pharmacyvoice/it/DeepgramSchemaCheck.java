package org.pharmacyvoice.it;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks messages against the Deepgram Voice Agent spec's payload schemas ({@link DeepgramAgentSpec}), so the fake
 * agent rejects what the real one would, with networknt's JSON Schema validator.
 *
 * <p>Two choices, from the reference README: {@code oneOf} is read as {@code anyOf}, because the spec's unions carry no
 * discriminator and a valid {@code Settings} can match two branches; every other keyword is strict. And a keyword the
 * validator does not know is refused when the schema is loaded rather than skipped, so a newer spec can't silently
 * weaken the checks. The dialect is JSON Schema 2020-12: the spec uses only keywords whose meaning is the same there
 * as in the draft 7 of AsyncAPI, plus {@code deprecated}, which draft 7 lacks; {@code format} stays an annotation
 * (the spec's formats are OpenAPI's {@code double} and {@code binary}).
 */
public final class DeepgramSchemaCheck {

    private static final Dialect STRICT_2020_12 = Dialect.builder(Dialects.getDraft202012())
            .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
            .build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(STRICT_2020_12);
    private static final Map<JsonObject, Schema> LOADED = new ConcurrentHashMap<>();

    private DeepgramSchemaCheck() {
    }

    /**
     * What is wrong with {@code message} by {@code schema}.
     *
     * @return one entry per violation, {@code "<json pointer>: <problem>"} (the root is {@code "/"}); empty when valid
     * @throws com.networknt.schema.InvalidSchemaException if the schema uses a keyword the validator does not know
     */
    public static List<String> violations(JsonValue message, JsonObject schema) {
        List<Error> errors = LOADED.computeIfAbsent(schema, DeepgramSchemaCheck::load)
                .validate(message.toString(), InputFormat.JSON);
        return errors.stream().map(DeepgramSchemaCheck::describe).toList();
    }

    private static Schema load(JsonObject schema) {
        JsonNode tree = JsonMapper.shared().readTree(schema.toString());
        readOneOfAsAnyOf(tree);
        Schema loaded = REGISTRY.getSchema(tree);
        // Compiles every branch now, so an unknown keyword anywhere throws here, not when a value first reaches it.
        loaded.initializeValidators();
        return loaded;
    }

    /** Renames every {@code oneOf} keyword (an array of schemas, unlike a property that happens to be so named). */
    private static void readOneOfAsAnyOf(JsonNode node) {
        if (node instanceof ObjectNode object && object.get("oneOf") instanceof JsonNode alternatives
                && alternatives.isArray()) {
            if (object.has("anyOf")) {
                throw new IllegalArgumentException("a schema with both oneOf and anyOf: " + object);
            }
            object.set("anyOf", object.remove("oneOf"));
        }
        node.values().forEach(DeepgramSchemaCheck::readOneOfAsAnyOf);
    }

    private static String describe(Error error) {
        String at = error.getInstanceLocation().toString();
        return (at.isEmpty() ? "/" : at) + ": " + error.getMessage();
    }
}
