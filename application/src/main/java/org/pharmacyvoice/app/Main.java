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
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }
}
