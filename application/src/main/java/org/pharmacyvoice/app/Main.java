package org.pharmacyvoice.app;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/** Starts the pharmacy voice agent with application.yaml and environment variables. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        var server = PharmacyVoiceServer.start(Config.create());
        // SIGTERM: stop taking calls, let the ones in progress finish (up to DRAIN_TIMEOUT), then stop.
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "shutdown"));
    }
}
