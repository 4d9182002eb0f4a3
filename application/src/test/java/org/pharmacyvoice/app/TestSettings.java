package org.pharmacyvoice.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.util.Map;

/** The server's settings from application.yaml plus the given values, with no environment or system properties. */
final class TestSettings {

    private TestSettings() {
    }

    static ServerSettings of(Map<String, String> values) {
        return ServerSettings.from(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build());
    }
}
