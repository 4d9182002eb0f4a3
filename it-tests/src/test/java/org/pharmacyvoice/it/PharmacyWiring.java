package org.pharmacyvoice.it;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.adapters.functions.DatabaseSettings;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.adapters.functions.PharmacyTools;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.call.BridgeSettings;
import org.pharmacyvoice.domain.call.CallScript;
import org.pharmacyvoice.domain.call.Switchboard;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.notification.ErrandMessage;
import org.pharmacyvoice.domain.notification.NoMoreCalls;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.prescription.RefillPolicy;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.storefront.Storefront;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * The pharmacy's call handling put together as the server does it — application.yaml's words and Deepgram settings,
 * the pharmacy's tools on a scratch H2 database, the domain's switchboard — for the live Deepgram check, so that a
 * call it places sends Deepgram what a call on the server sends (LiveDeepgramCheckTest proves they are equal).
 */
final class PharmacyWiring implements AutoCloseable {

    private final Config config;
    private final PharmacyDatabase database;
    private final Toolbox toolbox;
    private final CallScript script;

    private PharmacyWiring(Config config, PharmacyDatabase database, Toolbox toolbox, CallScript script) {
        this.config = config;
        this.database = database;
        this.toolbox = toolbox;
        this.script = script;
    }

    /**
     * The settings as the server reads them: the environment (DEEPGRAM_THINK_MODEL, AGENT_PROMPT, ...) over
     * application.yaml; only the database is a scratch one in {@code dataDir}.
     */
    static PharmacyWiring fromEnvironment(Path dataDir) {
        return open(dataDir, Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.environmentVariables())
                .addSource(ConfigSources.classpath("application.yaml"))
                .build());
    }

    /** The same from {@code config}, which must hold every key application.yaml has (RunningPharmacy's does). */
    static PharmacyWiring open(Path dataDir, Config config) {
        ZoneId zone = ZoneId.of(text(config, "pharmacy.time.zone"));
        OpeningHours hours = OpeningHours.parse(text(config, "pharmacy.hours"), zone)
                .withHolidays(OpeningHours.readHolidays(text(config, "pharmacy.holidays")));
        var policy = new RefillPolicy(
                new RefillRules(Period.ofMonths(config.get("prescription.validity.months").asInt().get()).normalized(),
                        config.get("refill.too.soon.share").asDouble().get()),
                hours,
                Duration.ofMinutes(Math.round(config.get("refill.preparation.hours").asDouble().get() * 60)));
        var database = PharmacyDatabase.open(new DatabaseSettings(
                "jdbc:h2:file:" + dataDir.resolve("live-check").toAbsolutePath(), "sa", "", 2));
        try {
            var counter = PharmacyCounter.open(database.formulary(), database.orderLedger(), database.transactions(),
                    Clock.systemUTC());
            var desk = Dispensary.open(database.patients(), database.prescriptions(), database.refillQueue(),
                    database.renewalRequests(), database.transactions(), policy, Clock.systemUTC());
            var toolbox = new Toolbox(PharmacyTools.create(counter, desk, new Storefront(hours, Clock.systemUTC()),
                    new NoErrand(), zone));
            var script = new CallScript(text(config, "agent.prompt"), config.get("agent.greeting").asString().orElse(""),
                    text(config, "agent.closed.greeting"), Optional.of(hours));
            return new PharmacyWiring(config, database, toolbox, script);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * A switchboard that answers calls as the server's does, with {@code agent} as their voice agent. It opens one
     * agent connection per call and no second one when that is lost: a check reports the first problem, it does not
     * work around it.
     */
    Switchboard switchboard(VoiceAgent agent) {
        return new Switchboard(agent, toolbox, script, CallRecords.none(), CallMetrics.none(),
                BridgeSettings.defaults().withReconnects(0, Duration.ofMillis(250)), Clock.systemUTC());
    }

    /** The server's Deepgram settings (endpoint, models, timings) with this key. */
    DeepgramSettings deepgram(String apiKey) {
        return deepgram(apiKey, URI.create(text(config, "deepgram.agent.url")));
    }

    /** The same against another endpoint (a fake one). */
    DeepgramSettings deepgram(String apiKey, URI agentUrl) {
        return new DeepgramSettings(agentUrl, apiKey,
                text(config, "deepgram.listen.model"),
                text(config, "deepgram.think.provider"),
                text(config, "deepgram.think.model"),
                config.get("deepgram.think.temperature").asDouble().get(),
                text(config, "deepgram.speak.model"),
                seconds("deepgram.connect.timeout"),
                seconds("deepgram.keepalive.interval"),
                seconds("write.timeout"));
    }

    /** A setting's text, as the server reads it (trimmed); one that is missing is a broken test setup. */
    String setting(String key) {
        return text(config, key);
    }

    @Override
    public void close() {
        database.close();
    }

    private Duration seconds(String key) {
        return Duration.ofMillis((long) (config.get(key).asDouble().get() * 1000));
    }

    private static String text(Config config, String key) {
        return config.get(key).asString().get().trim();
    }

    /** Calls that come in have no errand: the errand tools answer as they do on such a call. */
    private static final class NoErrand implements CallErrandUseCase {

        @Override
        public ErrandMessage message(String callSid, CallerIdentity caller) {
            return new ErrandMessage.NoErrand();
        }

        @Override
        public NoMoreCalls noMoreCalls(String callSid) {
            return new NoMoreCalls.NotAPlacedCall();
        }
    }
}
