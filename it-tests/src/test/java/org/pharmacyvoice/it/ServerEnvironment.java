package org.pharmacyvoice.it;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables the server reads, found where they are defined rather than in a list kept by hand: every
 * key of {@code application.yaml} and every key the composition root asks its configuration for
 * ({@code config.get("…")}) or reads from the environment itself ({@code System.getenv("…")}), each key upper-cased
 * with {@code .} as {@code _}, as Helidon maps environment variables. A setting added in either place is known here
 * at once.
 */
final class ServerEnvironment {

    static final Path YAML = DeployTools.REPOSITORY.resolve("application/src/main/resources/application.yaml");
    static final Path SOURCES = DeployTools.REPOSITORY.resolve("application/src/main/java");
    /** Read by the JVM in the image, not by the server. */
    static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    private static final Pattern CONFIG_GET = Pattern.compile("\\bconfig\\.get\\(\"([A-Za-z0-9_.]+)\"\\)");
    private static final Pattern GETENV = Pattern.compile("\\bSystem\\.getenv\\(\"([A-Za-z0-9_]+)\"\\)");

    private final Map<String, String> defaults;
    private final Set<String> variables;

    private ServerEnvironment(Map<String, String> defaults, Set<String> variables) {
        this.defaults = defaults;
        this.variables = variables;
    }

    static ServerEnvironment read() {
        var defaults = new TreeMap<String, String>();
        Config yaml = Config.just(ConfigSources.file(YAML));
        yaml.traverse().filter(Config::isLeaf)
                .forEach(node -> defaults.put(variable(node.key().toString()), node.asString().orElse("")));
        var variables = new TreeSet<>(defaults.keySet());
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                CONFIG_GET.matcher(source).results().forEach(found -> variables.add(variable(found.group(1))));
                GETENV.matcher(source).results().forEach(found -> variables.add(found.group(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServerEnvironment(defaults, variables);
    }

    /** Every variable the server reads. */
    Set<String> variables() {
        return variables;
    }

    /** The default application.yaml gives {@code variable}, if it gives one. */
    Optional<String> defaultOf(String variable) {
        return Optional.ofNullable(defaults.get(variable));
    }

    private static String variable(String key) {
        return key.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
