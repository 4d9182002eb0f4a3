package org.pharmacyvoice.app.staff;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.app.PharmacyVoiceServer;

/**
 * The real server, started through its composition root on a free port with its H2 database (and the demo patients)
 * in a temporary folder, a staff client that presents the staff token, and a second connection to the same database
 * to put rows in place and check them the way another server would see them.
 */
public final class RunningServer implements AutoCloseable {

    public static final String STAFF_TOKEN = "staff-token-outbound-41c9";
    /** Everything OUTBOUND_CALLS=true needs; Twilio's API is a closed port, so nothing can be dialled by mistake. */
    public static final Map<String, String> CALLS_ON = Map.of(
            "outbound.calls", "true",
            "public.url", "https://pharmacy.example.com",
            "pharmacy.name", "Maple Pharmacy",
            "outbound.from.number", "+15559870000",
            "twilio.account.sid", "AC" + "0123456789abcdef".repeat(2),
            "twilio.auth.token", "test-auth-token-5d2f",
            "twilio.api.url", "http://127.0.0.1:9",
            // The run at start finds nothing due; the next comes after the test.
            "outbound.dial.interval", "1h");

    public final PharmacyVoiceServer server;
    public final PharmacyDatabase records;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningServer(PharmacyVoiceServer server, PharmacyDatabase records) {
        this.server = server;
        this.records = records;
    }

    public static RunningServer start(Path dataDir, Map<String, String> extra) {
        String url = "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath();
        var values = new HashMap<String, String>();
        values.put("port", "0");
        values.put("db.url", url);
        values.put("staff.token", STAFF_TOKEN);
        values.putAll(extra);
        PharmacyVoiceServer server = PharmacyVoiceServer.start(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build());
        try {
            return new RunningServer(server, PharmacyDatabase.open(new DatabaseSettings(url, "sa", "", 2)));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + STAFF_TOKEN);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the server did not answer " + request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.close();
        records.close();
    }
}
