package org.pharmacyvoice.app;

import io.helidon.config.Config;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.twilio.CallNotice;
import org.pharmacyvoice.adapters.twilio.TwilioSettings;
import org.pharmacyvoice.domain.call.AgentPhrases;
import org.pharmacyvoice.domain.call.BridgeSettings;
import org.pharmacyvoice.domain.call.CallScript;
import org.pharmacyvoice.domain.frontdesk.FrontDeskSettings;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;

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
        AgentChoice agentChoice,
        DatabaseSettings database,
        Optional<String> twilioAuthToken,
        Duration streamTokenLifetime,
        CallScript script,
        BridgeSettings bridge,
        Duration drainTimeout,
        Optional<String> pharmacistNumber,
        boolean softphoneEnabled,
        Optional<String> staffToken,
        Duration callRecordRetention,
        RefillPolicy refillPolicy,
        Optional<Boolean> demoData,
        CallNotice callNotice,
        FrontDeskSettings frontDesk,
        OutboundCalling outbound,
        TraceExport traces) {

    /**
     * Every value comes from {@code config}, whose defaults are application.yaml's and nowhere else: a key missing
     * from it is a packaging mistake and stops the server with its name.
     */
    static ServerSettings from(Config config) {
        Optional<String> apiKey = nonBlank(config.get("deepgram.api.key"));
        Optional<URI> publicUrl = nonBlank(config.get("public.url")).map(URI::create);
        Optional<String> twilioAuthToken = nonBlank(config.get("twilio.auth.token"));
        var deepgram = new DeepgramSettings(
                URI.create(text(config, "deepgram.agent.url")),
                apiKey.orElse(""),
                text(config, "deepgram.listen.model"),
                text(config, "deepgram.think.provider"),
                text(config, "deepgram.think.model"),
                required(config, "deepgram.think.temperature").asDouble().get(),
                text(config, "deepgram.speak.model"),
                seconds(config, "deepgram.connect.timeout"),
                seconds(config, "deepgram.keepalive.interval"),
                seconds(config, "write.timeout"));
        var database = new DatabaseSettings(
                text(config, "db.url"),
                config.get("db.user").asString().orElse(""),
                config.get("db.password").asString().orElse(""),
                required(config, "db.pool.size").asInt().get());
        OpeningHours hours = openingHours(config);
        var script = checked(config, "agent.closed.greeting", closedGreeting -> new CallScript(
                text(config, "agent.prompt"), config.get("agent.greeting").asString().orElse(""), closedGreeting,
                Optional.of(hours)));
        return new ServerSettings(
                // Helidon maps only underscored variables to lower-case keys, so PORT is read as it is.
                config.get("PORT").asInt().asOptional().orElseGet(() -> required(config, "port").asInt().get()),
                publicUrl,
                apiKey,
                deepgram,
                AgentChoice.from(config, apiKey.orElse("")),
                database,
                twilioAuthToken,
                seconds(config, "twilio.stream.token.ttl"),
                script,
                bridge(config),
                seconds(config, "drain.timeout"),
                nonBlank(config.get("pharmacist.number")),
                required(config, "softphone.enabled").asBoolean().get(),
                nonBlank(config.get("staff.token")),
                Duration.ofDays(Math.max(0, required(config, "call.records.retention.days").asInt().get())),
                refillPolicy(config, hours),
                demoData(text(config, "demo.data")),
                checked(config, "call.notice", CallNotice::new),
                new FrontDeskSettings(nonBlank(config.get("pharmacist.number")), text(config, "transfer.announcement"),
                        text(config, "voicemail.closed.prompt"), text(config, "voicemail.unanswered.prompt"),
                        text(config, "voicemail.thanks")),
                OutboundCalling.from(config, hours.zone(), publicUrl, twilioAuthToken),
                new TraceExport(checked(config, "otel.exporter.otlp.endpoint", TraceExport::endpoint),
                        text(config, "otel.service.name")));
    }

    /** "true" or "false", or empty for "auto": the database decides (demo patients only in embedded H2). */
    private static Optional<Boolean> demoData(String setting) {
        return switch (setting.toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.empty();
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new IllegalStateException("setting 'demo.data' (DEMO_DATA) must be auto, true or false: '"
                    + setting + "'");
        };
    }

    /** The weekly hours and holidays in the pharmacy's zone; one that can't be read stops the server with its name. */
    private static OpeningHours openingHours(Config config) {
        ZoneId zone = checked(config, "pharmacy.time.zone", ZoneId::of);
        return checked(config, "pharmacy.hours", hours -> OpeningHours.parse(hours, zone))
                .withHolidays(checked(config, "pharmacy.holidays", OpeningHours::readHolidays));
    }

    /** The refill rules, opening hours and preparation time; a setting that can't be read stops the server. */
    private static RefillPolicy refillPolicy(Config config, OpeningHours hours) {
        var validity = Period.ofMonths(required(config, "prescription.validity.months").asInt().get()).normalized();
        var rules = new RefillRules(validity, required(config, "refill.too.soon.share").asDouble().get());
        return new RefillPolicy(rules, hours,
                Duration.ofMinutes(Math.round(required(config, "refill.preparation.hours").asDouble().get() * 60)));
    }

    /**
     * A text setting as {@code read} takes it; when {@code read} refuses it, the error names the setting and its
     * environment variable, so that whoever set it finds it.
     */
    static <T> T checked(Config config, String key, Function<String, T> read) {
        String value = text(config, key);
        try {
            return read.apply(value);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("setting '" + key + "' (" + variable(key) + "): " + e.getMessage(), e);
        }
    }

    /** The environment variable that sets {@code key}: upper case, '.' becomes '_'. */
    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static BridgeSettings bridge(Config config) {
        return new BridgeSettings(
                required(config, "agent.reconnects").asInt().get(),
                seconds(config, "agent.reconnect.backoff"),
                seconds(config, "caller.silence.timeout"),
                required(config, "max.concurrent.calls").asInt().get(),
                seconds(config, "agent.start.timeout"),
                required(config, "agent.circuit.threshold").asInt().get(),
                seconds(config, "agent.circuit.probe.interval"),
                seconds(config, "keypad.pause"),
                seconds(config, "caller.idle.timeout"),
                seconds(config, "tool.filler.delay"),
                new AgentPhrases(text(config, "agent.idle.prompt"), text(config, "agent.idle.goodbye"),
                        text(config, "tool.filler.message")));
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
                + ", agentChoice=" + agentChoice
                + ", database=" + database
                + ", twilioAuthToken=" + (twilioAuthToken.isPresent() ? "****" : "<none>")
                + ", streamTokenLifetime=" + streamTokenLifetime
                + ", bridge=" + bridge
                + ", drainTimeout=" + drainTimeout
                + ", pharmacist=" + (pharmacistNumber.isPresent() ? "set" : "<none>")
                + ", softphoneEnabled=" + softphoneEnabled
                + ", staffToken=" + (staffToken.isPresent() ? "****" : "<none>")
                + ", callRecordRetention=" + (callRecordRetention.isZero() ? "forever" : callRecordRetention.toDays()
                + " days") + ", refillPolicy=" + refillPolicy + ", demoData=" + demoData.map(String::valueOf).orElse("auto")
                + ", callNotice=" + (callNotice.isSet() ? "set" : "<none>") + ", outbound=" + outbound
                + ", traces=" + traces.endpoint().map(ServerSettings::withoutUserInfo).orElse("off") + "]";
    }

    private static String withoutUserInfo(URI url) {
        String text = url.toString();
        return url.getRawUserInfo() == null ? text : text.replace(url.getRawUserInfo() + "@", "****@");
    }

    private static Config required(Config config, String key) {
        Config node = config.get(key);
        if (!node.exists()) {
            throw new IllegalStateException("setting '" + key + "' is missing: application.yaml holds every default");
        }
        return node;
    }

    static String text(Config config, String key) {
        return required(config, key).asString().get().trim();
    }

    static Duration seconds(Config config, String key) {
        return Duration.ofMillis((long) (required(config, key).asDouble().get() * 1000));
    }

    private static Optional<String> nonBlank(Config node) {
        return node.asString().asOptional().map(String::trim).filter(value -> !value.isEmpty());
    }
}
