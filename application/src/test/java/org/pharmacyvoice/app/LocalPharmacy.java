package org.pharmacyvoice.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole server, started as {@link Main} starts it (application.yaml plus the given values, no environment), on a
 * free port with its H2 database in {@code dataDir}; and a client that talks to it over real HTTP.
 */
final class LocalPharmacy implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final PharmacyVoiceServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private LocalPharmacy(PharmacyVoiceServer server) {
        this.server = server;
    }

    static LocalPharmacy start(Path dataDir, Map<String, String> extra) {
        var values = new HashMap<String, String>();
        values.put("port", "0");
        values.put("db.url", databaseUrl(dataDir));
        values.putAll(extra);
        return new LocalPharmacy(PharmacyVoiceServer.start(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build()));
    }

    static String databaseUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the server did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
