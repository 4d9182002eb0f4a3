package org.pharmacyvoice.app;

import io.helidon.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.pharmacyvoice.adapters.deepgram.DeepgramSettings;
import org.pharmacyvoice.adapters.deepgram.DeepgramSpeechSettings;
import org.pharmacyvoice.adapters.deepgram.DeepgramSpeechToText;
import org.pharmacyvoice.adapters.deepgram.DeepgramTextToSpeech;
import org.pharmacyvoice.adapters.deepgram.DeepgramVoiceAgent;
import org.pharmacyvoice.adapters.llm.ChatCompletionsModel;
import org.pharmacyvoice.adapters.llm.LanguageModelSettings;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.call.AgentFailover;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.cascade.CascadeSettings;
import org.pharmacyvoice.domain.cascade.CascadedAgent;

/**
 * Which voice agent takes the calls, as {@code VOICE_AGENT} says: the Deepgram Voice Agent, the cascaded agent the
 * server assembles from Deepgram's speech-to-text and text-to-speech and a language model of the pharmacy's choice,
 * or the Deepgram agent with the cascaded one standing by — and everything the cascaded agent needs.
 */
record AgentChoice(Kind kind, DeepgramSpeechSettings speech, LanguageModelSettings model, int failuresToRest,
                   Duration probeInterval) {

    /** The three ways to run. */
    enum Kind {
        DEEPGRAM, CASCADED, FAILOVER;

        String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The settings as read; a value that can't be used stops the server, naming its variable. */
    static AgentChoice from(Config config, String deepgramKey) {
        Kind kind = ServerSettings.checked(config, "voice.agent", name -> switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "deepgram" -> Kind.DEEPGRAM;
            case "cascaded" -> Kind.CASCADED;
            case "failover" -> Kind.FAILOVER;
            default -> throw new IllegalArgumentException("must be deepgram, cascaded or failover");
        });
        var speech = DeepgramSpeechSettings.defaults(deepgramKey)
                .withUrls(ServerSettings.checked(config, "deepgram.listen.url", URI::create),
                        ServerSettings.checked(config, "deepgram.speak.url", URI::create))
                .withModels(ServerSettings.text(config, "deepgram.listen.model"),
                        ServerSettings.text(config, "deepgram.speak.model"));
        var auth = ServerSettings.checked(config, "llm.auth", LanguageModelSettings.Auth::named);
        var model = LanguageModelSettings.defaults(ServerSettings.checked(config, "llm.base.url", URI::create), auth,
                        config.get("llm.api.key").asString().orElse(""), ServerSettings.text(config, "llm.model"))
                .withTemperature(ServerSettings.checked(config, "llm.temperature",
                        value -> value.isBlank() ? Optional.<Double>empty() : Optional.of(Double.parseDouble(value))));
        String version = config.get("llm.api.version").asString().orElse("");
        if (!version.isBlank()) {
            model = model.withApiVersion(version.trim());
        }
        int failures = ServerSettings.checked(config, "failover.after.failures", Integer::parseInt);
        Duration probe = ServerSettings.seconds(config, "failover.probe.interval");
        var choice = new AgentChoice(kind, speech, model, failures, probe);
        if (kind != Kind.DEEPGRAM && !model.hasApiKey()) {
            throw new IllegalStateException("VOICE_AGENT=" + kind.setting() + " asks a language model, and LLM_API_KEY "
                    + "is not set: set it to the key of the service at LLM_BASE_URL (" + model.baseUrl()
                    + "), or LLM_AUTH=none for a local server that wants none");
        }
        return choice;
    }

    /**
     * The agent calls go to, what of it the server closes when it stops, and how many of the services' messages were
     * skipped as unreadable.
     */
    record Opened(VoiceAgent agent, List<AutoCloseable> parts, LongSupplier rejectedMessages) {
    }

    /** Opens the chosen agent on the Deepgram key, which the cascaded agent's ears and voice need too. */
    Opened open(DeepgramSettings deepgram, CallMetrics metrics) {
        var parts = new ArrayList<AutoCloseable>();
        var rejected = new ArrayList<LongSupplier>();
        VoiceAgent agent = switch (kind) {
            case DEEPGRAM -> deepgram(deepgram, parts, rejected);
            case CASCADED -> cascaded(parts, rejected);
            case FAILOVER -> new AgentFailover(deepgram(deepgram, parts, rejected), cascaded(parts, rejected),
                    failuresToRest, probeInterval, deepgram.connectTimeout(), metrics);
        };
        return new Opened(agent, List.copyOf(parts), () -> rejected.stream().mapToLong(LongSupplier::getAsLong).sum());
    }

    /** The agents calls may go to, as the metrics name them. */
    Set<String> agentNames() {
        return switch (kind) {
            case DEEPGRAM -> Set.of(DeepgramVoiceAgent.NAME);
            case CASCADED -> Set.of(CascadedAgent.NAME);
            case FAILOVER -> Set.of(DeepgramVoiceAgent.NAME, CascadedAgent.NAME);
        };
    }

    /** How the start-up log names the agent. */
    String describe(DeepgramSettings deepgram) {
        String cascaded = "cascaded: Deepgram speech-to-text (" + speech.listenModel() + ") and text-to-speech ("
                + speech.voice() + "), language model " + model.model() + " at " + model.baseUrl();
        return switch (kind) {
            case DEEPGRAM -> "Deepgram Voice Agent at " + deepgram.agentUrl();
            case CASCADED -> cascaded;
            case FAILOVER -> "Deepgram Voice Agent at " + deepgram.agentUrl() + ", failing over to the " + cascaded;
        };
    }

    private static DeepgramVoiceAgent deepgram(DeepgramSettings settings, List<AutoCloseable> parts,
                                               List<LongSupplier> rejected) {
        var agent = new DeepgramVoiceAgent(settings);
        parts.add(agent);
        rejected.add(agent::rejectedMessages);
        return agent;
    }

    private CascadedAgent cascaded(List<AutoCloseable> parts, List<LongSupplier> rejected) {
        var ears = new DeepgramSpeechToText(speech);
        var model = new ChatCompletionsModel(this.model);
        var voice = new DeepgramTextToSpeech(speech);
        parts.addAll(List.of(ears, model, voice));
        rejected.add(ears::rejectedMessages);
        rejected.add(voice::rejectedMessages);
        return new CascadedAgent(ears, model, voice, CascadeSettings.defaults());
    }
}
