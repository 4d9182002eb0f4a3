package org.pharmacyvoice.app;

import io.helidon.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.twilio.TwilioSettings;
import org.pharmacyvoice.domain.call.BridgeSettings;
import org.pharmacyvoice.domain.call.CallScript;

/**
 * Reads the configuration tree (application.yaml plus environment variables) into the plain settings records each
 * adapter takes, so that nothing but the composition root knows Helidon's config API.
 *
 * <p>{@link #toString()} shows neither the Deepgram API key, the Twilio auth token nor the staff token.
 */
record ServerSettings(
        int port,
        Optional<URI> publicUrl,
        Optional<String> deepgramApiKey,
        DeepgramSettings deepgram,
        DatabaseSettings database,
        Optional<String> twilioAuthToken,
        Duration streamTokenLifetime,
        CallScript script,
        BridgeSettings bridge,
        Duration drainTimeout,
        Optional<String> pharmacistNumber,
        boolean softphoneEnabled,
        Optional<String> staffToken,
        Duration callRecordRetention) {

    static ServerSettings from(Config config) {
        Optional<String> apiKey = nonBlank(config.get("deepgram.api.key"));
        Optional<URI> publicUrl = nonBlank(config.get("public.url")).map(URI::create);
        DeepgramSettings defaults = DeepgramSettings.defaults(apiKey.orElse(""));
        var deepgram = new DeepgramSettings(
                nonBlank(config.get("deepgram.agent.url")).map(URI::create).orElse(defaults.agentUrl()),
                apiKey.orElse(""),
                nonBlank(config.get("deepgram.listen.model")).orElse(defaults.listenModel()),
                nonBlank(config.get("deepgram.think.provider")).orElse(defaults.thinkProvider()),
                nonBlank(config.get("deepgram.think.model")).orElse(defaults.thinkModel()),
                config.get("deepgram.think.temperature").asDouble().orElse(defaults.thinkTemperature()),
                nonBlank(config.get("deepgram.speak.model")).orElse(defaults.speakModel()),
                seconds(config.get("deepgram.connect.timeout"), defaults.connectTimeout()),
                seconds(config.get("deepgram.keepalive.interval"), defaults.keepAliveInterval()),
                seconds(config.get("write.timeout"), defaults.writeTimeout()));
        var database = new DatabaseSettings(
                nonBlank(config.get("db.url")).orElse("jdbc:h2:file:./data/pharmacy"),
                config.get("db.user").asString().orElse(""),
                config.get("db.password").asString().orElse(""),
                config.get("db.pool.size").asInt().orElse(10));
        var script = new CallScript(
                config.get("agent.prompt").asString().orElse("You are a helpful pharmacy phone assistant."),
                config.get("agent.greeting").asString().orElse(""));
        return new ServerSettings(
                // Helidon maps only underscored variables to lower-case keys, so PORT is read as it is.
                config.get("PORT").asInt().asOptional().or(() -> config.get("port").asInt().asOptional()).orElse(8080),
                publicUrl,
                apiKey,
                deepgram,
                database,
                nonBlank(config.get("twilio.auth.token")),
                seconds(config.get("twilio.stream.token.ttl"), TwilioSettings.DEFAULT_STREAM_TOKEN_LIFETIME),
                script,
                bridge(config, deepgram),
                seconds(config.get("drain.timeout"), Duration.ofSeconds(30)),
                nonBlank(config.get("pharmacist.number")),
                config.get("softphone.enabled").asBoolean().orElse(true),
                nonBlank(config.get("staff.token")),
                Duration.ofDays(Math.max(0, config.get("call.records.retention.days").asInt().orElse(90))));
    }

    private static BridgeSettings bridge(Config config, DeepgramSettings deepgram) {
        BridgeSettings defaults = BridgeSettings.defaults();
        return new BridgeSettings(
                deepgram.connectTimeout().plus(Duration.ofSeconds(5)),
                config.get("agent.reconnects").asInt().orElse(defaults.maxReconnects()),
                seconds(config.get("agent.reconnect.backoff"), defaults.reconnectBackoff()),
                seconds(config.get("caller.silence.timeout"), defaults.callerSilenceTimeout()),
                config.get("max.concurrent.calls").asInt().orElse(defaults.maxConcurrentCalls()),
                seconds(config.get("agent.start.timeout"), defaults.agentStartTimeout()),
                config.get("agent.circuit.threshold").asInt().orElse(defaults.circuitThreshold()),
                seconds(config.get("agent.circuit.probe.interval"), defaults.circuitProbeInterval()));
    }

    /** Whether Twilio's requests are validated (TWILIO_AUTH_TOKEN is set). */
    boolean twilioAuthTokenSet() {
        return twilioAuthToken.isPresent();
    }

    /** Whether Twilio reaches this server from the internet: its requests are signed, or it has a public URL. */
    boolean facesTwilio() {
        return twilioAuthToken.isPresent() || publicUrl.isPresent();
    }

    TwilioSettings twilio() {
        return TwilioSettings.defaults(publicUrl)
                .withAuthToken(twilioAuthToken)
                .withStreamTokenLifetime(streamTokenLifetime)
                .withPharmacist(pharmacistNumber)
                .withWriteTimeout(deepgram.writeTimeout());
    }

    @Override
    public String toString() {
        return "ServerSettings[port=" + port
                + ", publicUrl=" + publicUrl.map(ServerSettings::withoutUserInfo).orElse("<none>")
                + ", deepgramApiKey=" + (deepgramApiKey.isPresent() ? "****" : "<none>")
                + ", deepgram=" + deepgram
                + ", database=" + database
                + ", twilioAuthToken=" + (twilioAuthToken.isPresent() ? "****" : "<none>")
                + ", streamTokenLifetime=" + streamTokenLifetime
                + ", bridge=" + bridge
                + ", drainTimeout=" + drainTimeout
                + ", pharmacist=" + (pharmacistNumber.isPresent() ? "set" : "<none>")
                + ", softphoneEnabled=" + softphoneEnabled
                + ", staffToken=" + (staffToken.isPresent() ? "****" : "<none>")
                + ", callRecordRetention=" + (callRecordRetention.isZero() ? "forever" : callRecordRetention.toDays()
                + " days") + "]";
    }

    private static String withoutUserInfo(URI url) {
        String text = url.toString();
        return url.getRawUserInfo() == null ? text : text.replace(url.getRawUserInfo() + "@", "****@");
    }

    private static Optional<String> nonBlank(Config node) {
        return node.asString().asOptional().map(String::trim).filter(value -> !value.isEmpty());
    }

    private static Duration seconds(Config node, Duration fallback) {
        return node.asDouble().asOptional().map(s -> Duration.ofMillis((long) (s * 1000))).orElse(fallback);
    }
}
