package org.pharmacyvoice.app;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import sun.misc.Signal;

/** Starts the pharmacy voice agent with application.yaml and environment variables. */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        var server = PharmacyVoiceServer.start(Config.create());
        // SIGTERM and Ctrl-C drain calls before the JVM starts shutting down: once it does, the JDK's own hooks
        // close logging and more while calls would still be finishing.
        onSignal("TERM", 143, server);
        onSignal("INT", 130, server);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }

    private static void onSignal(String name, int exitStatus, PharmacyVoiceServer server) {
        try {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().daemon(false).name("drain-on-" + name).start(() -> {
                LOG.log(System.Logger.Level.INFO, "SIG{0} received: draining calls, then stopping", name);
                server.shutdown();
                System.exit(exitStatus);
            }));
        } catch (IllegalArgumentException unsupported) {
            LOG.log(System.Logger.Level.WARNING, "SIG{0} can''t be handled here; calls end at once on shutdown",
                    name);
        }
    }
}
