package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests ({@code deploy/kubernetes}: a kustomize base and an example overlay) and
 * {@code compose.yaml}, checked offline: each kustomization rendered by {@code kubectl kustomize}, every object
 * validated against the Kubernetes API's schemas and field names ({@code deploy/kubernetes/check/validate.mjs}),
 * every environment variable they set one the server reads ({@link ServerEnvironment}), and the promises the README
 * makes about them: probes on the health endpoints, calls drained before a pod is killed, secrets from a Secret.
 * Skipped with the reason when kubectl, Node.js or the validator's packages are missing, unless
 * {@code DEPLOY_TESTS=required}.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = DeployTools.REPOSITORY.resolve("deploy/kubernetes");
    private static final Path VALIDATOR = KUBERNETES.resolve("check/validate.mjs");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SECONDS = Pattern.compile("(\\d+)s");

    private static final String BROKEN = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  terminationGracePeriodSecond: 40
                  containers:
                    - name: server
                      image: pharmacy-voice-agent
                      readinessProbe: {httpGet: {path: /observe/health/ready}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: broken}
            spec: {maxReplicas: ten, scaleTargetRef: {kind: Deployment, name: broken}}
            ---
            apiVersion: v1
            kind: Widget
            metadata: {name: broken}
            """;

    private final ServerEnvironment server = ServerEnvironment.read();

    @BeforeEach
    void requireTheTools() {
        DeployTools.require(DeployTools.onPath("kubectl"),
                "kubectl is missing: it renders the kustomizations (kubectl kustomize; any kubectl 1.27 or newer)");
        DeployTools.require(DeployTools.onPath("node"), "Node.js is missing (apt-get install nodejs)");
        DeployTools.require(Files.isDirectory(KUBERNETES.resolve("check/node_modules/kubernetes-models")),
                "the validator's packages are missing: cd deploy/kubernetes/check && npm ci");
    }

    @Test
    void theServersVariablesAreFoundInItsYamlAndItsCode() {
        assertThat(server.variables(), hasItems("PORT", "DEEPGRAM_API_KEY", "DB_URL", "DRAIN_TIMEOUT",
                "WRITE_TIMEOUT", "STAFF_TOKEN", "AGENT_CIRCUIT_PROBE_INTERVAL"));
        assertThat("read in code only, with no default in application.yaml", server.variables(),
                hasItem("TWILIO_STREAM_TOKEN_TTL"));
        assertThat(server.variables(), not(hasItem("DEEPGRAM")));
        assertThat(server.defaultOf("DRAIN_TIMEOUT").orElseThrow(), equalTo("30"));
    }

    @Test
    void theValidatorRefusesUnknownFieldsWrongTypesAndUnknownKinds() throws Exception {
        List<String> problems = strings(validate(BROKEN, false).getJsonArray("problems"));

        assertThat(problems, hasItems(
                "Deployment/broken: unknown field spec.template.spec.terminationGracePeriodSecond",
                "HorizontalPodAutoscaler/broken: data/spec/maxReplicas must be integer",
                "Widget/broken: no Kubernetes schema for apiVersion v1, kind Widget"));
        assertThat(String.join("\n", problems),
                problems.stream().anyMatch(problem -> problem.contains("must have required property port")), is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/example"})
    void everyRenderedObjectIsValidAgainstTheKubernetesSchemas(String kustomization) throws Exception {
        JsonObject checked = validate(kubectlKustomize(kustomization), false);

        assertThat(strings(checked.getJsonArray("problems")), empty());
        var kinds = checked.getJsonArray("objects").getValuesAs(JsonObject.class).stream()
                .map(object -> object.getString("kind")).toList();
        assertThat(kinds, hasItems("Deployment", "Service", "ConfigMap", "PodDisruptionBudget",
                "HorizontalPodAutoscaler"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/example"})
    void everyEnvironmentVariableTheyGiveTheServerIsOneItReads(String kustomization) throws Exception {
        var rendered = objects(kustomization);
        Map<String, String> environment = environmentOf(rendered, container(rendered));

        assertThat(environment.keySet(), hasItems("DB_URL", "DEEPGRAM_API_KEY", "TWILIO_AUTH_TOKEN"));
        var unread = new TreeSet<>(environment.keySet());
        unread.removeAll(server.variables());
        assertThat("variables the server never reads (a typo, or a setting that was renamed)", unread,
                emptyIterable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/example"})
    void podsDrainTheirCallsBeforeTheyAreKilled(String kustomization) throws Exception {
        var rendered = objects(kustomization);
        JsonObject deployment = only(rendered, "Deployment");
        JsonObject container = container(rendered);
        long drainTimeout = Long.parseLong(environmentOf(rendered, container).getOrDefault("DRAIN_TIMEOUT",
                server.defaultOf("DRAIN_TIMEOUT").orElseThrow()));
        List<String> preStop = strings(at(container, "/lifecycle/preStop/exec/command").asJsonArray());
        long grace = Long.parseLong(at(deployment, "/spec/template/spec/terminationGracePeriodSeconds").toString());

        assertThat(preStop.getFirst(), equalTo("sleep"));
        long preStopSeconds = Long.parseLong(preStop.get(1));
        assertThat("terminationGracePeriodSeconds outlasts preStop (" + preStopSeconds + " s) + DRAIN_TIMEOUT ("
                + drainTimeout + " s)", grace, greaterThan(preStopSeconds + drainTimeout));
        assertThat("a rollout adds a pod before it drains one",
                at(deployment, "/spec/strategy/rollingUpdate/maxUnavailable").toString(), equalTo("0"));
        assertThat(at(container, "/readinessProbe/httpGet/path"), equalTo(Json.createValue("/observe/health/ready")));
        assertThat(at(container, "/livenessProbe/httpGet/path"), equalTo(Json.createValue("/observe/health/live")));
        assertThat(at(container, "/startupProbe/httpGet/path"), equalTo(Json.createValue("/observe/health/live")));
        assertThat(at(container, "/ports/0/containerPort").toString(),
                equalTo(environmentOf(rendered, container).getOrDefault("PORT", "8080")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/example"})
    void secretsComeFromTheSecretAndPodsRunAsTheImagesUser(String kustomization) throws Exception {
        var rendered = objects(kustomization);
        JsonObject container = container(rendered);
        JsonObject pod = at(only(rendered, "Deployment"), "/spec/template/spec").asJsonObject();

        for (String secret : List.of("DEEPGRAM_API_KEY", "TWILIO_AUTH_TOKEN", "STAFF_TOKEN", "DB_PASSWORD")) {
            JsonObject variable = container.getJsonArray("env").getValuesAs(JsonObject.class).stream()
                    .filter(entry -> entry.getString("name").equals(secret)).findFirst()
                    .orElseThrow(() -> new AssertionError(secret + " is not set"));
            assertThat(secret + " comes from a Secret, never a literal", variable.containsKey("value"), is(false));
            assertThat(at(variable, "/valueFrom/secretKeyRef/key"), equalTo(Json.createValue(secret)));
        }
        assertThat("the image's USER", at(pod, "/securityContext/runAsUser").toString(), equalTo(imageUid()));
        assertThat(at(pod, "/securityContext/runAsNonRoot"), equalTo(JsonValue.TRUE));
        assertThat(at(container, "/securityContext/readOnlyRootFilesystem"), equalTo(JsonValue.TRUE));
        var mounts = container.getJsonArray("volumeMounts").getValuesAs(JsonObject.class).stream()
                .map(mount -> mount.getString("mountPath")).toList();
        assertThat("writable /tmp for the JVM and the image's volume /data", mounts, hasItems("/tmp", "/data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/example"})
    void theServiceTheBudgetAndTheAutoscalerCoverTheDeploymentsPods(String kustomization) throws Exception {
        var rendered = objects(kustomization);
        JsonObject deployment = only(rendered, "Deployment");
        JsonObject podLabels = at(deployment, "/spec/template/metadata/labels").asJsonObject();
        JsonObject autoscaler = only(rendered, "HorizontalPodAutoscaler");

        assertThat(selects(at(only(rendered, "Service"), "/spec/selector").asJsonObject(), podLabels), is(true));
        assertThat(at(only(rendered, "Service"), "/spec/ports/0/targetPort"), equalTo(Json.createValue("http")));
        assertThat(selects(at(only(rendered, "PodDisruptionBudget"), "/spec/selector/matchLabels").asJsonObject(),
                podLabels), is(true));
        assertThat(at(autoscaler, "/spec/scaleTargetRef/name"), equalTo(at(deployment, "/metadata/name")));
        assertThat(Integer.parseInt(at(autoscaler, "/spec/minReplicas").toString()), greaterThanOrEqualTo(2));
        assertThat("the autoscaler owns the number of pods", at(deployment, "/spec").asJsonObject()
                .containsKey("replicas"), is(false));
    }

    @Test
    void composeRunsTheServerOnPostgresWithPrometheusOnRequest() throws Exception {
        JsonObject compose = parse(Files.readString(DeployTools.REPOSITORY.resolve("compose.yaml")));
        JsonObject serverService = at(compose, "/services/server").asJsonObject();
        JsonObject prometheus = parse(Files.readString(
                DeployTools.REPOSITORY.resolve("deploy/prometheus/prometheus.yml")));

        var unread = new TreeSet<>(serverService.getJsonObject("environment").keySet());
        unread.removeAll(server.variables());
        assertThat("variables the server never reads", unread, emptyIterable());
        assertThat(serverService.getString("build"), equalTo("."));
        assertThat(at(serverService, "/environment/DB_URL"),
                equalTo(Json.createValue("jdbc:postgresql://postgres:5432/pharmacy")));
        assertThat(at(serverService, "/depends_on/postgres/condition"), equalTo(Json.createValue("service_healthy")));
        Matcher grace = SECONDS.matcher(serverService.getString("stop_grace_period"));
        assertThat(grace.matches(), is(true));
        assertThat("docker stop waits out DRAIN_TIMEOUT", Long.parseLong(grace.group(1)),
                greaterThan(Long.parseLong(server.defaultOf("DRAIN_TIMEOUT").orElseThrow())));
        assertThat(strings(at(compose, "/services/prometheus/profiles").asJsonArray()), equalTo(List.of("metrics")));
        assertThat(at(prometheus, "/scrape_configs/0/metrics_path"), equalTo(Json.createValue("/observe/metrics")));
        assertThat(strings(at(prometheus, "/scrape_configs/0/static_configs/0/targets").asJsonArray()),
                equalTo(List.of("server:8080")));
    }

    @Test
    void composeRunsAnOpenTelemetryCollectorOnRequestThatTakesTheServersTraces() throws Exception {
        JsonObject compose = parse(Files.readString(DeployTools.REPOSITORY.resolve("compose.yaml")));
        JsonObject collector = parse(Files.readString(
                DeployTools.REPOSITORY.resolve("deploy/otel-collector/config.yaml")));

        assertThat(strings(at(compose, "/services/otel-collector/profiles").asJsonArray()), equalTo(List.of("traces")));
        assertThat(strings(at(compose, "/services/otel-collector/volumes").asJsonArray()),
                equalTo(List.of("./deploy/otel-collector/config.yaml:/etc/otelcol/config.yaml:ro")));
        assertThat("off unless asked for", at(compose, "/services/server/environment/OTEL_EXPORTER_OTLP_ENDPOINT"),
                equalTo(Json.createValue("${OTEL_EXPORTER_OTLP_ENDPOINT:-}")));
        assertThat(server.defaultOf("OTEL_EXPORTER_OTLP_ENDPOINT").orElseThrow(), equalTo(""));
        assertThat(server.defaultOf("OTEL_SERVICE_NAME").orElseThrow(), equalTo("pharmacy-voice-agent"));
        assertThat("the server's OTLP/HTTP exporter posts to 4318", at(collector,
                "/receivers/otlp/protocols/http/endpoint"), equalTo(Json.createValue("0.0.0.0:4318")));
        assertThat(strings(at(collector, "/service/pipelines/traces/receivers").asJsonArray()),
                equalTo(List.of("otlp")));
        assertThat(strings(at(collector, "/service/pipelines/traces/exporters").asJsonArray()),
                equalTo(List.of("debug")));
    }

    private List<JsonObject> objects(String kustomization) throws Exception {
        JsonObject checked = validate(kubectlKustomize(kustomization), true);
        return checked.getJsonArray("objects").getValuesAs(JsonObject.class);
    }

    /** The variables the server container gets: its ConfigMap's (envFrom), then its own env entries. */
    private static Map<String, String> environmentOf(List<JsonObject> rendered, JsonObject container) {
        var environment = new TreeMap<String, String>();
        for (JsonObject source : list(container, "envFrom")) {
            assertThat("only ConfigMaps by envFrom, so every name is visible here", source.containsKey("secretRef"),
                    is(false));
            JsonValue name = at(source, "/configMapRef/name");
            JsonObject configMap = rendered.stream().filter(object -> object.getString("kind").equals("ConfigMap")
                    && at(object, "/metadata/name").equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
            configMap.getJsonObject("data").forEach((key, value) -> environment.put(key,
                    ((JsonString) value).getString()));
        }
        for (JsonObject variable : list(container, "env")) {
            environment.put(variable.getString("name"), variable.getString("value", "(from " + variable
                    .getJsonObject("valueFrom").keySet() + ")"));
        }
        return environment;
    }

    private static JsonObject container(List<JsonObject> rendered) {
        JsonArray containers = at(only(rendered, "Deployment"), "/spec/template/spec/containers").asJsonArray();
        assertThat(containers.size(), equalTo(1));
        return containers.getJsonObject(0);
    }

    private static JsonObject only(List<JsonObject> rendered, String kind) {
        var found = rendered.stream().filter(object -> object.getString("kind").equals(kind)).toList();
        assertThat("one " + kind, found.size(), equalTo(1));
        return found.getFirst();
    }

    private static boolean selects(JsonObject selector, JsonObject labels) {
        return !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())));
    }

    /** The numeric user of the Dockerfile's USER line, e.g. 10001 from USER 10001:10001. */
    private static String imageUid() throws IOException {
        return Files.readAllLines(DeployTools.REPOSITORY.resolve("Dockerfile")).stream()
                .filter(line -> line.startsWith("USER ")).map(line -> line.substring(5).split(":")[0].trim())
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError("the Dockerfile has no USER"));
    }

    private static JsonValue at(JsonObject object, String pointer) {
        var jsonPointer = Json.createPointer(pointer);
        assertThat(pointer + " in " + object, jsonPointer.containsValue(object), is(true));
        return jsonPointer.getValue(object);
    }

    private static List<JsonObject> list(JsonObject object, String name) {
        JsonArray array = object.getJsonArray(name);
        return array == null ? List.of() : array.getValuesAs(JsonObject.class);
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonValue.class).stream().map(value -> value instanceof JsonString text
                ? text.getString() : value.toString()).toList();
    }

    private static String kubectlKustomize(String kustomization) throws Exception {
        return run(List.of("kubectl", "kustomize", KUBERNETES.resolve(kustomization).toString()), "");
    }

    private static JsonObject validate(String yaml, boolean requireClean) throws Exception {
        JsonObject checked = json(run(List.of("node", VALIDATOR.toString()), yaml));
        if (requireClean) {
            assertThat(strings(checked.getJsonArray("problems")), empty());
        }
        return checked;
    }

    /** The only document of {@code yaml}, as JSON. */
    private static JsonObject parse(String yaml) throws Exception {
        JsonArray objects = json(run(List.of("node", VALIDATOR.toString(), "--parse-only"), yaml))
                .getJsonArray("objects");
        assertThat(objects.size(), equalTo(1));
        return objects.getJsonObject(0);
    }

    private static String run(List<String> command, String input) throws Exception {
        Process process = new ProcessBuilder(command).directory(DeployTools.REPOSITORY.toFile()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        var stdout = new ArrayList<byte[]>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stdout.add(process.getInputStream().readAllBytes());
            } catch (IOException e) {
                stdout.add(new byte[0]);
            }
        });
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
        }
        reader.join();
        assertThat(String.join(" ", command) + " failed: " + errors, process.exitValue(), equalTo(0));
        return new String(stdout.getFirst(), StandardCharsets.UTF_8);
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
