package org.pharmacyvoice.it;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pharmacyvoice.app.PharmacyVoiceServer;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.it.fakes.FakeDeepgramAgent;

/**
 * The real application, started through its composition root on a free port, with its agent pointed at a fake
 * Deepgram server and its database in a temporary folder.
 */
final class RunningPharmacy implements AutoCloseable {

    static final String GREETING = "Hello, this is the test pharmacy.";
    static final String PROMPT = "You are the test pharmacy's assistant.";
    static final String API_KEY = "test-key-123";

    final FakeDeepgramAgent agent;
    final PharmacyVoiceServer server;

    private RunningPharmacy(FakeDeepgramAgent agent, PharmacyVoiceServer server) {
        this.agent = agent;
        this.server = server;
    }

    static RunningPharmacy start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, extra, List.of());
    }

    /** The same, with business tools of the test's own registered after the pharmacy's tools. */
    static RunningPharmacy start(Path dataDir, Map<String, String> extra, List<? extends BusinessTool> extraTools) {
        FakeDeepgramAgent agent = FakeDeepgramAgent.start();
        var values = new HashMap<String, String>();
        values.put("port", "0");
        values.put("deepgram.api.key", API_KEY);
        values.put("deepgram.agent.url", agent.url().toString());
        values.put("db.url", "jdbc:h2:file:" + dataDir.resolve("pharmacy").toAbsolutePath());
        values.put("agent.greeting", GREETING);
        values.put("agent.prompt", PROMPT);
        values.putAll(extra);
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
        return new RunningPharmacy(agent, PharmacyVoiceServer.start(config, extraTools));
    }

    URI streamUrl() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/media-stream");
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() {
        server.close();
        agent.close();
    }
}
