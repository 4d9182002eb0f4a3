package org.pharmacyvoice.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.app.http.RouteDirectory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Holds META-INF/openapi.yml to the real server (demo data plus records of every kind, over HTTP): every route the
 * server registers under /api/ is documented and every documented operation is served; every GET, and every change
 * (PATCH or POST) with its documented example body, answers what its schema says, with each documented success
 * status; every documented error status is provoked and answered with its documented body. The document is read as
 * the server serves it at /openapi.
 */
class OpenApiDocumentTest {

    /** Where the schema registry files the served document, so that its {@code $ref}s resolve inside it. */
    private static final String DOCUMENT_IRI = "https://pharmacy.invalid/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final long NO_SUCH_ID = 999_999_999L;
    private static final String STAFF_TOKEN = "staff-token-for-the-openapi-test";
    private static final String DEEPGRAM_KEY = "deepgram-key-for-the-openapi-test";
    /**
     * The actions on one record (a POST below it, without a body): a list showing records each takes (its 200) and
     * one showing records each refuses (its 409). StaffRecordsSeed files both kinds.
     */
    private static final Map<String, Action> ACTIONS = Map.of(
            "POST /api/outbound/{id}/cancel", new Action("/api/outbound?state=queued", "/api/outbound?state=answered"),
            "POST /api/outbound/{id}/requeue", new Action("/api/outbound?state=failed",
                    "/api/outbound?state=no_answer"));
    /** Everything OUTBOUND_CALLS=true needs; Twilio's API is a closed port, so nothing can be dialled by mistake. */
    private static final Map<String, String> CALLS_ON = Map.of(
            "outbound.calls", "true",
            "public.url", "https://pharmacy.example.com",
            "pharmacy.name", "Maple Pharmacy",
            "outbound.from.number", "+15559870000",
            "twilio.account.sid", "AC" + "0123456789abcdef".repeat(2),
            "twilio.auth.token", "twilio-token-for-the-openapi-test",
            "twilio.api.url", "http://127.0.0.1:9",
            // One dialling run as the server starts, the next after the test.
            "outbound.dial.interval", "1h",
            "staff.token", STAFF_TOKEN,
            "deepgram.api.key", "");

    @TempDir
    static Path dataDir;
    private static LocalPharmacy pharmacy;
    private static String servedJson;
    private static JsonNode document;
    private static SchemaRegistry schemas;

    /** One documented operation: its method (lower case, as in the document), its path and what the document says. */
    record Operation(String method, String path, JsonNode node) {

        String name() {
            return method.toUpperCase() + " " + path;
        }

        String pointer() {
            return "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method;
        }
    }

    /** An action on one record: where to find records it takes and records it refuses. */
    record Action(String takes, String refuses) {
    }

    @BeforeAll
    static void startWithDemoDataAndRecordsOfEveryKind() {
        pharmacy = LocalPharmacy.start(dataDir, Map.of("deepgram.api.key", ""));
        StaffRecordsSeed.file(LocalPharmacy.databaseUrl(dataDir), demo(pharmacy::get));

        HttpResponse<String> served = pharmacy.send(request("/openapi").header("Accept", "application/json"));
        assertThat(served.statusCode(), is(200));
        servedJson = served.body();
        document = json(servedJson);
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, registry -> registry
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                .schemas(Map.of(DOCUMENT_IRI, servedJson)));
    }

    @AfterAll
    static void stop() {
        pharmacy.close();
    }

    // --- the document itself, and /openapi

    @Test
    void theDocumentIsServedAsYamlByDefaultAndAsJsonByAcceptOrFormatAndIsTheFileInTheJar() throws IOException {
        JsonNode file;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(StaffApiDocument.RESOURCE)) {
            file = YAMLMapper.shared().readTree(in);
        }
        HttpResponse<String> byDefault = pharmacy.get("/openapi");
        HttpResponse<String> yaml = pharmacy.send(request("/openapi").header("Accept", "application/yaml"));
        HttpResponse<String> json = pharmacy.send(request("/openapi").header("Accept", "application/json"));
        HttpResponse<String> asked = pharmacy.get("/openapi?format=json");

        assertThat(byDefault.statusCode(), is(200));
        assertThat(contentType(byDefault), is("application/vnd.oai.openapi"));
        assertThat(byDefault.body(), startsWith("openapi: 3.1.0\n"));
        assertThat(YAMLMapper.shared().readTree(byDefault.body()), equalTo(file));
        assertThat(contentType(yaml), is("application/yaml"));
        assertThat(YAMLMapper.shared().readTree(yaml.body()), equalTo(file));
        assertThat(contentType(json), is("application/json"));
        assertThat(json(json.body()), equalTo(file));
        assertThat(contentType(asked), is("application/json"));
        assertThat(json(asked.body()), equalTo(file));
    }

    @Test
    void openapiServesTheDocumentAndNothingElseToAnyone() {
        HttpResponse<String> fromElsewhere = pharmacy.send(request("/openapi")
                .header("Accept", "application/json")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Origin", "https://elsewhere.example"));

        assertThat("the document describes the API and holds no data: not a staff page", fromElsewhere.statusCode(),
                is(200));
        assertThat(fromElsewhere.body(), equalTo(servedJson));
        assertThat("no CORS: other sites' scripts can't read it", fromElsewhere.headers()
                .firstValue("Access-Control-Allow-Origin"), is(Optional.empty()));
        assertThat(pharmacy.get("/openapi/ui").statusCode(), is(404));
        HttpResponse<String> post = pharmacy.send(request("/openapi").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode(), is(404));
        assertThat(post.body(), not(containsString("openapi")));
        HttpResponse<String> wrongFormat = pharmacy.get("/openapi?format=xml");
        assertThat(wrongFormat.statusCode(), is(400));
        assertThat(wrongFormat.body(), not(containsString("paths")));
    }

    // --- requirement 1: the document and the routing agree

    @Test
    void everyApiRouteTheServerRegistersIsDocumentedAndEveryDocumentedOperationIsServed() {
        List<RouteDirectory.Route> routes = pharmacy.server.routes();
        List<RouteDirectory.Route> unreadable = routes.stream()
                .filter(route -> route.path().equals(RouteDirectory.ANY_PATH)).toList();
        assertThat("routes added without a path as text can't be held to the document; add them by path",
                unreadable, empty());

        Set<String> served = new TreeSet<>();
        Set<String> fallbackPaths = new TreeSet<>();
        for (RouteDirectory.Route route : routes) {
            if (!isApi(route.path()) || route.path().endsWith("/*")) {
                continue;
            }
            if (route.method().equals(RouteDirectory.ANY_METHOD)) {
                fallbackPaths.add(route.path());
            } else {
                served.add(route.method() + " " + route.path());
            }
        }
        Set<String> documented = new TreeSet<>();
        operations().forEach(operation -> documented.add(operation.name()));

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat("served under /api/ but missing from " + StaffApiDocument.RESOURCE + ": document them",
                undocumented, empty());
        assertThat("in " + StaffApiDocument.RESOURCE + " but not served", notServed, empty());
        assertThat("every path with a JSON 405 for other methods is a documented path", document.get("paths")
                .propertyNames(), hasItems(fallbackPaths.toArray(String[]::new)));
        assertThat(served.size(), greaterThan(10));
    }

    // --- requirement 2: answers match their schemas

    @TestFactory
    Stream<DynamicTest> everyDocumentedGetAnswersAsItsSchemaSays() {
        return operations().filter(operation -> operation.method().equals("get")).map(operation -> dynamicTest(
                operation.name(), () -> {
                    List<String> urls = concretePaths(operation.path());
                    assertThat("examples to check for " + operation.path(), urls, not(empty()));
                    for (String url : urls) {
                        HttpResponse<String> answer = pharmacy.get(url);
                        assertThat(url, answer.statusCode(), is(200));
                        assertThat(url, contentType(answer), is("application/json"));
                        JsonNode body = json(answer.body());
                        assertMatches(operation, "200", url, body);
                        for (Map.Entry<String, JsonNode> field : body.properties()) {
                            if (field.getValue().isArray() && !operation.path().endsWith("}")) {
                                assertThat("the list " + url + " has items for its schema to check",
                                        field.getValue().size(), greaterThan(0));
                            }
                        }
                    }
                }));
    }

    /**
     * Each change is made as its example says; where it documents more than one success (listed now, listed
     * already), the same change made again must answer the other.
     */
    @TestFactory
    Stream<DynamicTest> everyDocumentedChangeWithItsExampleBodyAnswersEachSuccessAsItsSchemaSays() {
        return operations().filter(operation -> !operation.method().equals("get")).map(operation -> dynamicTest(
                operation.name(), () -> {
                    Set<String> documented = new TreeSet<>(operation.node().get("responses").propertyNames());
                    documented.removeIf(status -> !status.startsWith("2"));
                    String url = changeable(operation);
                    Set<String> answered = new TreeSet<>();
                    for (int time = 1; time <= Math.max(1, documented.size()); time++) {
                        HttpResponse<String> answer = pharmacy.send(withBody(operation, request(url)));
                        String status = Integer.toString(answer.statusCode());
                        assertThat(url + " (time " + time + "): " + answer.body(), status, oneOf(documented
                                .toArray(String[]::new)));
                        assertMatches(operation, status, url, json(answer.body()));
                        answered.add(status);
                    }
                    assertThat(operation.name() + ": the successes it answered", answered, equalTo(documented));
                }));
    }

    /**
     * A server that places calls: every refill and order staff move to ready says in its answer whether its
     * ready-for-pickup call is queued, as the documented pickup_call; both of its shapes are seen (queued, and not
     * queued because an order was placed from a withheld number).
     */
    @Test
    void withCallsOnEveryMoveToReadyAnswersItsPickupCallAsTheSchemaSays(@TempDir Path otherDir) {
        try (var calling = LocalPharmacy.start(otherDir, CALLS_ON)) {
            Function<String, HttpRequest.Builder> staff = url -> HttpRequest.newBuilder(calling.uri(url))
                    .header("Authorization", "Bearer " + STAFF_TOKEN);
            StaffRecordsSeed.Filed filed = StaffRecordsSeed.fileOrdersAndRefills(LocalPharmacy.databaseUrl(otherDir),
                    demo(url -> calling.send(staff.apply(url).GET())));
            Set<Boolean> queued = new TreeSet<>();
            for (String path : List.of("/api/refills/{id}", "/api/orders/{id}")) {
                Operation move = operations().filter(operation -> operation.name().equals("PATCH " + path))
                        .findFirst().orElseThrow();
                List<Long> ids = path.startsWith("/api/refills") ? filed.refills() : filed.orders();
                for (long id : ids) {
                    String url = path.replace("{id}", Long.toString(id));
                    HttpResponse<String> answer = calling.send(staff.apply(url).header("Content-Type",
                            "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"status\":\"ready\"}")));
                    assertThat(url + ": " + answer.body(), answer.statusCode(), is(200));
                    JsonNode body = json(answer.body());
                    assertMatches(move, "200", url, body);
                    assertThat(url + " says how its call went: " + body, body.has("pickup_call"), is(true));
                    queued.add(body.at("/pickup_call/queued").booleanValue());
                }
            }
            assertThat(queued, contains(false, true));
        }
    }

    // --- requirement 3: the documented errors are the server's

    @TestFactory
    Stream<DynamicTest> everyDocumentedErrorIsWhatTheServerAnswers() {
        List<DynamicTest> tests = new ArrayList<>();
        operations().forEach(operation -> operation.node().get("responses").propertyNames().forEach(status -> {
            if (!status.startsWith("2")) {
                tests.add(dynamicTest(operation.name() + " " + status, () -> provokeAndCheck(operation, status)));
            }
        }));
        return tests.stream();
    }

    /** The token server: every operation asks for STAFF_TOKEN as documented, and takes it by each scheme. */
    @Test
    void withAStaffTokenEveryOperationAnswersTheDocumented401AndTakesTheTokenByEachDocumentedScheme(
            @TempDir Path otherDir) {
        assertThat(document.at("/security/0").propertyNames(), contains("staffToken"));
        assertThat(document.at("/security/1").propertyNames(), contains("staffPassword"));
        assertThat(document.at("/components/securitySchemes/staffToken/scheme").stringValue(), is("bearer"));
        assertThat(document.at("/components/securitySchemes/staffPassword/scheme").stringValue(), is("basic"));
        String bearer = "Bearer " + STAFF_TOKEN;
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + STAFF_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        try (var guarded = LocalPharmacy.start(otherDir, Map.of("staff.token", STAFF_TOKEN,
                "deepgram.api.key", DEEPGRAM_KEY, "deepgram.agent.url", "ws://127.0.0.1:9/v1/agent/converse"))) {
            operations().forEach(operation -> {
                String url = operation.path().replaceAll("\\{[^}]+}", "1");
                for (String authorization : List.of("", "Bearer wrong-token")) {
                    HttpRequest.Builder refused = withBody(operation, HttpRequest.newBuilder(guarded.uri(url)));
                    if (!authorization.isEmpty()) {
                        refused.header("Authorization", authorization);
                    }
                    HttpResponse<String> answer = guarded.send(refused);
                    assertThat(operation.name(), answer.statusCode(), is(401));
                    assertMatches(operation, "401", url, json(answer.body()));
                    assertThat(answer.headers().firstValue("WWW-Authenticate").orElse(""), equalTo(response(
                            operation, "401").at("/headers/WWW-Authenticate/schema/const").stringValue()));
                }
                for (String authorization : List.of(bearer, basic)) {
                    HttpResponse<String> answer = guarded.send(withBody(operation,
                            HttpRequest.newBuilder(guarded.uri(url)).header("Authorization", authorization)));
                    assertThat(operation.name() + " with " + authorization.split(" ")[0], answer.statusCode(),
                            not(oneOf(401, 403)));
                }
            });
            HttpResponse<String> openapi = guarded.send(HttpRequest.newBuilder(guarded.uri("/openapi"))
                    .header("Accept", "application/json"));
            assertThat("the document needs no token", openapi.statusCode(), is(200));
            assertThat(openapi.body(), equalTo(servedJson));
        }
    }

    private static void provokeAndCheck(Operation operation, String status) {
        switch (status) {
            case "400" -> badRequests(operation);
            case "401" -> {
                // Only a server with STAFF_TOKEN answers 401: see the token server's own test.
            }
            case "403" -> {
                String url = operation.path().replaceAll("\\{[^}]+}", "1");
                expect(operation, "403", url, withBody(operation, request(url)
                        .header("X-Forwarded-For", "203.0.113.9")));
            }
            case "404" -> {
                String url = unknownRecord(operation);
                expect(operation, "404", url, withBody(operation, request(url)));
            }
            case "409" -> {
                if (ACTIONS.containsKey(operation.name())) {
                    // An action on a record in a state it does not take (a call that ended, one that did not fail).
                    String url = recordOf(operation, ACTIONS.get(operation.name()).refuses());
                    expect(operation, "409", url, withBody(operation, request(url)));
                } else {
                    // A move the counter and the dispensary never allow: a pending order or refill straight to
                    // picked up.
                    String url = changeable(operation);
                    expect(operation, "409", url, change(operation, url, "application/json",
                            "{\"status\":\"picked_up\"}"));
                }
            }
            case "413" -> {
                String url = operation.path().replaceAll("\\{[^}]+}", "1");
                String body = example(operation).toString();
                expect(operation, "413", url, change(operation, url, "application/json", body.substring(0,
                        body.length() - 1) + ",\"padding\":\"" + "x".repeat(5000) + "\"}"));
            }
            case "415" -> {
                String url = operation.path().replaceAll("\\{[^}]+}", "1");
                expect(operation, "415", url, change(operation, url, "text/plain", example(operation).toString()));
            }
            case "500" -> {
                // Not something a client can cause on purpose: JsonReplies.guarded answers it with the same shape.
            }
            default -> fail(operation.name() + " documents " + status + ", which this test can't provoke");
        }
    }

    /** Every way to get a 400 the document implies; together they must give each documented error code. */
    private static void badRequests(Operation operation) {
        Set<String> documentedCodes = errorCodes(response(operation, "400"));
        Set<String> seen = new TreeSet<>();
        JsonNode parameters = parameters(operation);
        String template = operation.path();
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").stringValue();
            JsonNode schema = resolve(parameter.get("schema"));
            for (String bad : badValues(schema)) {
                String url = parameter.get("in").stringValue().equals("path")
                        ? template.replace("{" + name + "}", bad).replaceAll("\\{[^}]+}", "1")
                        : concreteOrOne(template) + "?" + name + "=" + bad;
                seen.add(expect(operation, "400", url, withBody(operation, request(url))));
            }
        }
        // An endpoint that takes query parameters refuses others, and any of them twice.
        Optional<JsonNode> query = parameters.values().stream()
                .filter(parameter -> parameter.get("in").stringValue().equals("query")).findFirst();
        if (query.isPresent()) {
            String url = concreteOrOne(template);
            seen.add(expect(operation, "400", url + "?no_such_parameter=1", request(url + "?no_such_parameter=1")));
            String pair = query.get().get("name").stringValue() + "=" + goodValue(resolve(query.get().get("schema")));
            seen.add(expect(operation, "400", url + "?" + pair + "&" + pair, request(url + "?" + pair + "&" + pair)));
        }
        if (operation.node().has("requestBody")) {
            String anyId = template.replaceAll("\\{[^}]+}", Long.toString(NO_SUCH_ID));
            for (String body : badBodies(operation)) {
                assertThat("the document itself calls " + body + " wrong", errors(requestSchema(operation),
                        parse(body)), not(empty()));
                seen.add(expect(operation, "400", anyId + " " + body, change(operation, anyId, "application/json",
                        body)));
            }
        }
        assertThat(operation.name() + ": the error codes its 400s gave", seen, equalTo(documentedCodes));
    }

    /** Sends {@code request}; the answer must have the documented status and body; gives its error code. */
    private static String expect(Operation operation, String status, String what, HttpRequest.Builder request) {
        HttpResponse<String> answer = pharmacy.send(request);
        assertThat(operation.name() + " " + what + ": " + answer.body(), Integer.toString(answer.statusCode()),
                is(status));
        JsonNode body = json(answer.body());
        assertMatches(operation, status, what, body);
        return body.get("error").stringValue();
    }

    private static List<String> badValues(JsonNode schema) {
        List<String> bad = new ArrayList<>();
        String type = schema.path("type").stringValue();
        if ("integer".equals(type)) {
            bad.add("x");
            if (schema.has("minimum")) {
                bad.add(Long.toString(schema.get("minimum").longValue() - 1));
            }
            if (schema.has("maximum")) {
                bad.add(Long.toString(schema.get("maximum").longValue() + 1));
            }
        } else if ("boolean".equals(type)) {
            bad.add("maybe");
        } else if (schema.has("enum")) {
            bad.add("no_such_value");
        } else if ("string".equals(type)) {
            if (schema.has("maxLength")) {
                bad.add("x".repeat(schema.get("maxLength").intValue() + 1));
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").stringValue()).matcher("x").find()) {
                bad.add("x");
            }
        }
        return bad;
    }

    private static String goodValue(JsonNode schema) {
        if (schema.has("default")) {
            return schema.get("default").asString();
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0).stringValue();
        }
        return "integer".equals(schema.path("type").stringValue()) ? "1" : "true";
    }

    /**
     * Bodies that break the request schema: not JSON, not an object, a field missing, unknown, of the wrong type or
     * of a bad value (not one of its values, too long, not of its pattern).
     */
    private static List<String> badBodies(Operation operation) {
        List<String> bodies = new ArrayList<>(List.of("not json", "[]", "{}", "{\"no_such_field\":1}"));
        for (Map.Entry<String, JsonNode> field : resolve(document.at(requestSchema(operation))).get("properties")
                .properties()) {
            JsonNode schema = resolve(field.getValue());
            String name = "\"" + field.getKey() + "\":";
            if (schema.has("const") && schema.get("const").isBoolean()) {
                bodies.add("{" + name + !schema.get("const").booleanValue() + "}");
                bodies.add("{" + name + "\"no\"}");
            } else {
                bodies.add("{" + name + "5}");
            }
            if (schema.has("enum")) {
                bodies.add("{" + name + "\"no_such_value\"}");
            } else if ("string".equals(schema.path("type").stringValue(""))) {
                badValues(schema).forEach(bad -> bodies.add("{" + name + JSON.getNodeFactory().stringNode(bad)
                        + "}"));
            }
        }
        return bodies;
    }

    // --- the document's operations and schemas

    private static Stream<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.add(new Operation(method, path.getKey(), path.getValue().get(method)));
                }
            }
        }
        return operations.stream();
    }

    private static JsonNode parameters(Operation operation) {
        return JSON.valueToTree(operation.node().path("parameters").values().stream().map(OpenApiDocumentTest::resolve)
                .toList());
    }

    /** The documented response for {@code status}, its {@code $ref} followed. */
    private static JsonNode response(Operation operation, String status) {
        return document.at(responsePointer(operation, status));
    }

    /** Where in the document the response for {@code status} is, its {@code $ref} followed. */
    private static String responsePointer(Operation operation, String status) {
        String pointer = operation.pointer() + "/responses/" + status;
        assertThat(operation.name() + " documents " + status, document.at(pointer).isMissingNode(), is(false));
        while (document.at(pointer).has("$ref")) {
            pointer = document.at(pointer).get("$ref").stringValue().substring(1);
        }
        return pointer;
    }

    private static void assertMatches(Operation operation, String status, String what, JsonNode body) {
        String schema = responsePointer(operation, status) + "/content/application~1json/schema";
        assertThat(operation.name() + " " + status + " has a JSON schema", document.at(schema).isMissingNode(),
                is(false));
        List<Error> errors = errors(schema, body);
        assertThat(operation.name() + " " + what + " answered " + status + " with " + body, errors, empty());
    }

    /** Validates {@code instance} against the schema at {@code pointer}, {@code $ref}s resolved in the document. */
    private static List<Error> errors(String pointer, JsonNode instance) {
        JsonNode schemaNode = document.at(pointer);
        String location = schemaNode.size() == 1 && schemaNode.has("$ref") ? schemaNode.get("$ref").stringValue()
                : "#" + pointer.replace("{", "%7B").replace("}", "%7D");
        Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + location));
        return schema.validate(instance);
    }

    private static String requestSchema(Operation operation) {
        return operation.pointer() + "/requestBody/content/application~1json/schema";
    }

    private static JsonNode example(Operation operation) {
        JsonNode example = operation.node().at("/requestBody/content/application~1json/example");
        assertThat(operation.name() + " shows an example body", example.isMissingNode(), is(false));
        return example;
    }

    private static Set<String> errorCodes(JsonNode response) {
        JsonNode error = response.at("/content/application~1json/schema/properties/error");
        Set<String> codes = new TreeSet<>();
        if (error.has("const")) {
            codes.add(error.get("const").stringValue());
        }
        error.path("enum").values().forEach(code -> codes.add(code.stringValue()));
        return codes;
    }

    /** Follows {@code $ref}s within the document. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            resolved = document.at(resolved.get("$ref").stringValue().substring(1));
        }
        return resolved;
    }

    // --- concrete requests

    /** A drug, and the first demo patient with a prescription, as the staff API shows them. */
    private static StaffRecordsSeed.Demo demo(Function<String, HttpResponse<String>> get) {
        long drugId = json(ok(get.apply("/api/drugs"))).at("/drugs/0/id").longValue();
        JsonNode patients = json(ok(get.apply("/api/patients?limit=200"))).get("patients");
        JsonNode file = patients.values().stream()
                .map(patient -> json(ok(get.apply("/api/patients/" + patient.get("id").longValue()))))
                .filter(patientFile -> !patientFile.get("prescriptions").isEmpty()
                        && !patientFile.get("phone_numbers").isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no demo patient has a number and a prescription"));
        return new StaffRecordsSeed.Demo(drugId, file.get("id").longValue(), file.at("/phone_numbers/0")
                .stringValue(), file.at("/prescriptions/0/rx_number").stringValue(), file.at(
                        "/prescriptions/0/prescriber").stringValue());
    }

    /** The URLs of {@code path} for every record its parent list shows; the path itself when it has no parameter. */
    private static List<String> concretePaths(String path) {
        if (!path.contains("{")) {
            return List.of(path);
        }
        String parameter = path.substring(path.lastIndexOf('{') + 1, path.lastIndexOf('}'));
        return listed(path.substring(0, path.lastIndexOf('/'))).stream()
                .map(item -> path.replace("{" + parameter + "}", keyOf(item, parameter)))
                .toList();
    }

    private static String concreteOrOne(String path) {
        return path.contains("{") ? concretePaths(path).getFirst() : path;
    }

    /**
     * Where {@code operation} changes something as its example says: for an action, a record it takes; for a PATCH,
     * a pending record, where the list filters by status; for a POST to a list, the list.
     */
    private static String changeable(Operation operation) {
        if (ACTIONS.containsKey(operation.name())) {
            return recordOf(operation, ACTIONS.get(operation.name()).takes());
        }
        String path = operation.path();
        if (!path.contains("{")) {
            return path;
        }
        if (!operation.method().equals("patch")) {
            fail(operation.name() + " acts on one record: say in ACTIONS which records it takes and refuses");
        }
        String list = path.substring(0, path.lastIndexOf('/'));
        Operation listing = operations().filter(op -> op.method().equals("get") && op.path().equals(list))
                .findFirst().orElseThrow();
        boolean byStatus = parameters(listing).values().stream()
                .anyMatch(parameter -> parameter.get("name").stringValue().equals("status"));
        JsonNode item = listed(byStatus ? list + "?status=pending" : list).getFirst();
        return path.replaceAll("\\{[^}]+}", keyOf(item, "id"));
    }

    /** {@code operation}'s URL for the first record {@code listUrl} shows. */
    private static String recordOf(Operation operation, String listUrl) {
        List<JsonNode> records = listed(listUrl);
        assertThat(listUrl + " shows a record for " + operation.name(), records, not(empty()));
        return operation.path().replaceAll("\\{[^}]+}", keyOf(records.getFirst(), "id"));
    }

    private static String unknownRecord(Operation operation) {
        JsonNode path = parameters(operation).values().stream()
                .filter(parameter -> parameter.get("in").stringValue().equals("path")).findFirst().orElseThrow();
        String unknown = "integer".equals(resolve(path.get("schema")).path("type").stringValue())
                ? Long.toString(NO_SUCH_ID) : "CA" + "0".repeat(32);
        return operation.path().replace("{" + path.get("name").stringValue() + "}", unknown);
    }

    private static List<JsonNode> listed(String listUrl) {
        JsonNode list = json(ok(pharmacy.get(listUrl)));
        return list.properties().stream().map(Map.Entry::getValue).filter(JsonNode::isArray)
                .flatMap(array -> array.values().stream()).toList();
    }

    /** The field naming a record in the path: {@code id}, or {@code call_sid} for {@code {sid}}. */
    private static String keyOf(JsonNode item, String parameter) {
        Collection<String> names = item.propertyNames();
        String field = names.contains(parameter) ? parameter : names.stream()
                .filter(name -> name.endsWith("_" + parameter)).findFirst()
                .orElseThrow(() -> new AssertionError("no field for {" + parameter + "} in " + item));
        return item.get(field).asString();
    }

    private static HttpRequest.Builder withBody(Operation operation, HttpRequest.Builder request) {
        if (!operation.node().has("requestBody")) {
            return request.method(operation.method().toUpperCase(), HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json")
                .method(operation.method().toUpperCase(), HttpRequest.BodyPublishers.ofString(
                        example(operation).toString()));
    }

    /** {@code operation}'s method on {@code url}, with {@code body}. */
    private static HttpRequest.Builder change(Operation operation, String url, String contentType, String body) {
        return request(url).header("Content-Type", contentType)
                .method(operation.method().toUpperCase(), HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(pharmacy.uri(path));
    }

    private static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static String ok(HttpResponse<String> response) {
        assertThat(response.uri() + ": " + response.body(), response.statusCode(), is(200));
        return response.body();
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            // Not JSON at all: as wrong for any object schema as a string is.
            return JSON.getNodeFactory().stringNode(body);
        }
    }
}
