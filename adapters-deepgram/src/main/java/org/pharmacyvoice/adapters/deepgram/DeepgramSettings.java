package org.pharmacyvoice.adapters.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings for the Deepgram Voice Agent connection: where to connect, the key, the models, and the timings.
 *
 * <p>{@link #toString()} never shows the API key, so these settings can be logged.
 */
public record DeepgramSettings(
        URI agentUrl,
        String apiKey,
        String listenModel,
        String thinkProvider,
        String thinkModel,
        double thinkTemperature,
        String speakModel,
        Duration connectTimeout,
        Duration keepAliveInterval,
        Duration writeTimeout) {

    /** Deepgram's v1 Voice Agent endpoint. */
    public static final URI DEFAULT_AGENT_URL = URI.create("wss://agent.deepgram.com/v1/agent/converse");

    public DeepgramSettings {
        Objects.requireNonNull(agentUrl, "'agentUrl' must not be null");
        Objects.requireNonNull(apiKey, "'apiKey' must not be null");
        Objects.requireNonNull(listenModel, "'listenModel' must not be null");
        Objects.requireNonNull(thinkProvider, "'thinkProvider' must not be null");
        Objects.requireNonNull(thinkModel, "'thinkModel' must not be null");
        Objects.requireNonNull(speakModel, "'speakModel' must not be null");
        Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
        Objects.requireNonNull(keepAliveInterval, "'keepAliveInterval' must not be null");
        Objects.requireNonNull(writeTimeout, "'writeTimeout' must not be null");
        String scheme = agentUrl.getScheme();
        if (!"wss".equals(scheme) && !"ws".equals(scheme)) {
            throw new IllegalArgumentException("the agent URL must be a ws:// or wss:// URL: " + agentUrl);
        }
        if (agentUrl.getHost() == null) {
            throw new IllegalArgumentException("the agent URL has no host: " + agentUrl);
        }
        if (!(thinkTemperature >= 0 && thinkTemperature <= 2)) {
            throw new IllegalArgumentException("thinkTemperature must be between 0 and 2: " + thinkTemperature);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (keepAliveInterval.toMillis() < 10) {
            throw new IllegalArgumentException("keepAliveInterval must be at least 10 ms: " + keepAliveInterval);
        }
        if (writeTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("writeTimeout must be at least 10 ms: " + writeTimeout);
        }
    }

    /**
     * The usual telephony setup: Nova-3 listening, OpenAI gpt-4o-mini at 0.7, Aura-2 Thalia speaking, 4 s to
     * connect (so that a second attempt fits before a caller has waited 8 s), and a KeepAlive after 5 s without
     * audio (Deepgram gives up after roughly 8-10 s of silence); a connection whose socket takes none of our writes
     * for 5 s counts as lost.
     */
    public static DeepgramSettings defaults(String apiKey) {
        return new DeepgramSettings(DEFAULT_AGENT_URL, apiKey, "nova-3", "open_ai", "gpt-4o-mini", 0.7,
                "aura-2-thalia-en", Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** The same settings against another endpoint (a regional one, or a fake in tests). */
    public DeepgramSettings withAgentUrl(URI url) {
        return new DeepgramSettings(url, apiKey, listenModel, thinkProvider, thinkModel, thinkTemperature,
                speakModel, connectTimeout, keepAliveInterval, writeTimeout);
    }

    /** The same settings with other timings. */
    public DeepgramSettings withTimings(Duration connect, Duration keepAlive) {
        return new DeepgramSettings(agentUrl, apiKey, listenModel, thinkProvider, thinkModel, thinkTemperature,
                speakModel, connect, keepAlive, writeTimeout);
    }

    /** The same settings, counting a connection lost once its socket has taken none of our writes for this long. */
    public DeepgramSettings withWriteTimeout(Duration timeout) {
        return new DeepgramSettings(agentUrl, apiKey, listenModel, thinkProvider, thinkModel, thinkTemperature,
                speakModel, connectTimeout, keepAliveInterval, timeout);
    }

    /** Whether an API key was given at all; without one every connect fails fast. */
    public boolean hasApiKey() {
        return !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "DeepgramSettings[agentUrl=" + agentUrl
                + ", apiKey=" + (hasApiKey() ? "****" : "<none>")
                + ", listenModel=" + listenModel
                + ", thinkProvider=" + thinkProvider
                + ", thinkModel=" + thinkModel
                + ", thinkTemperature=" + thinkTemperature
                + ", speakModel=" + speakModel
                + ", connectTimeout=" + connectTimeout
                + ", keepAliveInterval=" + keepAliveInterval
                + ", writeTimeout=" + writeTimeout + "]";
    }
}
